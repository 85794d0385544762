#include "gateway/body_memory_budget.h"

#include <gtest/gtest.h>

#include <optional>
#include <utility>

namespace tgauth::gateway {
namespace {

TEST(BodyMemoryBudgetTest, ReservationsShareTheCapacityUntilReleased) {
  BodyMemoryBudget budget(100);
  std::optional<BodyMemoryBudget::Reservation> a = budget.TryReserve(60);
  ASSERT_TRUE(a.has_value());
  EXPECT_FALSE(budget.TryReserve(41).has_value());
  std::optional<BodyMemoryBudget::Reservation> b = budget.TryReserve(40);
  ASSERT_TRUE(b.has_value());
  EXPECT_EQ(budget.reserved(), 100u);
  a.reset();
  EXPECT_EQ(budget.reserved(), 40u);
  EXPECT_TRUE(budget.TryReserve(60).has_value());
  EXPECT_EQ(budget.reserved(), 40u);  // The temporary gave its share back.
}

TEST(BodyMemoryBudgetTest, AMovedReservationIsReleasedOnce) {
  BodyMemoryBudget budget(100);
  std::optional<BodyMemoryBudget::Reservation> a = budget.TryReserve(70);
  {
    BodyMemoryBudget::Reservation moved = std::move(*a);
    a.reset();
    EXPECT_EQ(budget.reserved(), 70u);
  }
  EXPECT_EQ(budget.reserved(), 0u);
}

}  // namespace
}  // namespace tgauth::gateway

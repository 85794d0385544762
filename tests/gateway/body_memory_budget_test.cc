#include "gateway/body_memory_budget.h"

#include <gtest/gtest.h>

#include <optional>
#include <utility>

namespace tgauth::gateway {
namespace {

TEST(BodyMemoryBudgetTest, ReservationsShareTheCapacityUntilReleased) {
  BodyMemoryBudget budget(100, 0);
  std::optional<BodyMemoryBudget::Reservation> a = budget.TryReserve("10.0.0.1", 60);
  ASSERT_TRUE(a.has_value());
  EXPECT_FALSE(budget.TryReserve("10.0.0.2", 41).has_value());
  std::optional<BodyMemoryBudget::Reservation> b = budget.TryReserve("10.0.0.2", 40);
  ASSERT_TRUE(b.has_value());
  EXPECT_EQ(budget.reserved(), 100u);
  a.reset();
  EXPECT_EQ(budget.reserved(), 40u);
  EXPECT_TRUE(budget.TryReserve("10.0.0.1", 60).has_value());
  EXPECT_EQ(budget.reserved(), 40u);  // The temporary gave its share back.
}

TEST(BodyMemoryBudgetTest, OneClientHoldsAtMostItsShare) {
  BodyMemoryBudget budget(100, 50);
  std::optional<BodyMemoryBudget::Reservation> a = budget.TryReserve("10.0.0.1", 30);
  ASSERT_TRUE(a.has_value());
  EXPECT_FALSE(budget.TryReserve("10.0.0.1", 21).has_value());
  std::optional<BodyMemoryBudget::Reservation> b = budget.TryReserve("10.0.0.2", 50);
  EXPECT_TRUE(b.has_value());
  a.reset();
  EXPECT_TRUE(budget.TryReserve("10.0.0.1", 50).has_value());
}

TEST(BodyMemoryBudgetTest, AnIpv6SlashSixtyFourIsOneClient) {
  BodyMemoryBudget budget(100, 50);
  std::optional<BodyMemoryBudget::Reservation> a = budget.TryReserve("2001:db8:1:2::1", 30);
  ASSERT_TRUE(a.has_value());
  EXPECT_FALSE(budget.TryReserve("2001:db8:1:2::7", 21).has_value());
  EXPECT_TRUE(budget.TryReserve("2001:db8:1:3::7", 50).has_value());
  a.reset();
  EXPECT_TRUE(budget.TryReserve("2001:db8:1:2::7", 50).has_value());
  EXPECT_EQ(budget.reserved(), 0u);
}

TEST(BodyMemoryBudgetTest, AMovedReservationIsReleasedOnce) {
  BodyMemoryBudget budget(100, 100);
  std::optional<BodyMemoryBudget::Reservation> a = budget.TryReserve("10.0.0.1", 70);
  {
    BodyMemoryBudget::Reservation moved = std::move(*a);
    a.reset();
    EXPECT_EQ(budget.reserved(), 70u);
  }
  EXPECT_EQ(budget.reserved(), 0u);
  EXPECT_TRUE(budget.TryReserve("10.0.0.1", 100).has_value());
}

}  // namespace
}  // namespace tgauth::gateway

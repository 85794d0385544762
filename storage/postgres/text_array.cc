#include "storage/postgres/text_array.h"

namespace tgauth::storage {

std::string ToSqlTextArray(const std::vector<std::string>& values) {
  std::string literal = "{";
  for (const std::string& value : values) {
    if (literal.size() > 1) literal += ',';
    literal += '"';
    for (char c : value) {
      if (c == '"' || c == '\\') literal += '\\';
      literal += c;
    }
    literal += '"';
  }
  literal += '}';
  return literal;
}

std::vector<std::string> FromSqlTextArray(const pqxx::field& field) {
  std::vector<std::string> values;
  if (field.is_null()) return values;
  pqxx::array_parser parser = field.as_array();
  using Juncture = pqxx::array_parser::juncture;
  while (true) {
    auto [juncture, value] = parser.get_next();
    if (juncture == Juncture::done) break;
    if (juncture == Juncture::string_value) values.push_back(std::move(value));
  }
  return values;
}

}  // namespace tgauth::storage

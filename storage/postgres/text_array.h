// text[] parameters and columns for libpqxx 6.4, which binds neither: a
// parameter travels as an array literal ("$n::text[]") and a column is read
// with pqxx::array_parser (PostgreSQL manual, "Arrays", 8.15.2 and 8.15.6).
#ifndef TGAUTH_STORAGE_POSTGRES_TEXT_ARRAY_H_
#define TGAUTH_STORAGE_POSTGRES_TEXT_ARRAY_H_

#include <pqxx/pqxx>
#include <string>
#include <vector>

namespace tgauth::storage {

// `values` as a one-dimensional array literal: every element double-quoted
// with `"` and `\` backslash-escaped, so any text (commas, braces, "NULL")
// comes back as given. {} for none.
std::string ToSqlTextArray(const std::vector<std::string>& values);

// A one-dimensional text[] column's elements in order; NULL elements are
// skipped, as tgauth never stores them. Empty for NULL or {}.
std::vector<std::string> FromSqlTextArray(const pqxx::field& field);

}  // namespace tgauth::storage

#endif  // TGAUTH_STORAGE_POSTGRES_TEXT_ARRAY_H_

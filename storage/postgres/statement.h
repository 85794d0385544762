// A named, parameterised SQL statement, prepared under its name. The
// statements the PostgreSQL stores run are storage/postgres/queries/*.sql,
// compiled into constants such as queries::kInsertSession in the generated
// "storage/postgres/queries.h" (cmake/embed_queries.cmake).
#ifndef TGAUTH_STORAGE_POSTGRES_STATEMENT_H_
#define TGAUTH_STORAGE_POSTGRES_STATEMENT_H_

namespace tgauth::storage {

// Prepared lazily, once per connection, on first use (see Exec in
// storage/postgres/postgres_database.h).
struct Statement {
  const char* name;  // What PostgreSQL prepares it as: the file name without .sql.
  const char* sql;   // The statement, parameters $1, $2, ...
};

}  // namespace tgauth::storage

#endif  // TGAUTH_STORAGE_POSTGRES_STATEMENT_H_

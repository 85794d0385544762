# tgauth_embed(TARGET NAME SYMBOL FILES...): compiles FILES into a static library
# exposing `const tgauth::EmbeddedFile SYMBOL[]` (path, contents) so binaries
# need no data files beside them (migrations, the login page).
function(tgauth_embed target symbol)
  set(out ${CMAKE_CURRENT_BINARY_DIR}/${target}.cc)
  set(files)
  foreach(f IN LISTS ARGN)
    get_filename_component(abs ${f} ABSOLUTE BASE_DIR ${CMAKE_CURRENT_SOURCE_DIR})
    list(APPEND files ${abs})
  endforeach()
  add_custom_command(
    OUTPUT ${out}
    COMMAND ${CMAKE_COMMAND} -DOUT=${out} -DSYMBOL=${symbol}
            -DBASE=${CMAKE_CURRENT_SOURCE_DIR} "-DFILES=${files}"
            -P ${PROJECT_SOURCE_DIR}/cmake/embed_files.cmake
    DEPENDS ${files} ${PROJECT_SOURCE_DIR}/cmake/embed_files.cmake
    COMMENT "Embedding ${symbol}"
    VERBATIM)  # Keeps the ';'-separated file list one argument.
  add_library(${target} STATIC ${out})
  target_include_directories(${target} PUBLIC ${PROJECT_SOURCE_DIR})
endfunction()

# tgauth_embed_queries(TARGET HEADER FILES...): generates HEADER (a path under
# the build tree, e.g. storage/postgres/queries.h, included by that path) with,
# for each FILES entry <name>.sql, a statement named after the file:
#   inline constexpr Statement k<Name> = {"<name>", "<the file's text>"};
# in namespace tgauth::storage::queries (Statement: storage/postgres/statement.h),
# and adds it to TARGET. Code names each query, so a typo fails to compile.
function(tgauth_embed_queries target header)
  set(out ${PROJECT_BINARY_DIR}/${header})
  set(files)
  foreach(f IN LISTS ARGN)
    get_filename_component(abs ${f} ABSOLUTE BASE_DIR ${CMAKE_CURRENT_SOURCE_DIR})
    list(APPEND files ${abs})
  endforeach()
  add_custom_command(
    OUTPUT ${out}
    COMMAND ${CMAKE_COMMAND} -DOUT=${out} -DHEADER=${header}
            -DBASE=${PROJECT_SOURCE_DIR} "-DFILES=${files}"
            -P ${PROJECT_SOURCE_DIR}/cmake/embed_queries.cmake
    DEPENDS ${files} ${PROJECT_SOURCE_DIR}/cmake/embed_queries.cmake
    COMMENT "Generating ${header}"
    VERBATIM)  # Keeps the ';'-separated file list one argument.
  target_sources(${target} PRIVATE ${out})
  target_include_directories(${target} PRIVATE ${PROJECT_BINARY_DIR})
endfunction()

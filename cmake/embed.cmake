# tgauth_generate_from_files(OUT SCRIPT COMMENT BASE DEFINE FILES...): a build
# step that runs cmake/SCRIPT in script mode with -DOUT=OUT, DEFINE (one more
# -D argument), -DBASE=BASE and -DFILES=<FILES, made absolute against the
# current source folder>, to write OUT; rerun when a file or the script
# changes.
function(tgauth_generate_from_files out script comment base define)
  set(files)
  foreach(f IN LISTS ARGN)
    get_filename_component(abs ${f} ABSOLUTE BASE_DIR ${CMAKE_CURRENT_SOURCE_DIR})
    list(APPEND files ${abs})
  endforeach()
  add_custom_command(
    OUTPUT ${out}
    COMMAND ${CMAKE_COMMAND} -DOUT=${out} ${define} -DBASE=${base} "-DFILES=${files}"
            -P ${PROJECT_SOURCE_DIR}/cmake/${script}
    DEPENDS ${files} ${PROJECT_SOURCE_DIR}/cmake/${script}
    COMMENT "${comment}"
    VERBATIM)  # Keeps the ';'-separated file list one argument.
endfunction()

# tgauth_embed(TARGET SYMBOL FILES...): compiles FILES into a static library
# exposing `const tgauth::EmbeddedFile SYMBOL[]` (path, contents) so binaries
# need no data files beside them (migrations, the login page).
function(tgauth_embed target symbol)
  set(out ${CMAKE_CURRENT_BINARY_DIR}/${target}.cc)
  tgauth_generate_from_files(${out} embed_files.cmake "Embedding ${symbol}"
    ${CMAKE_CURRENT_SOURCE_DIR} -DSYMBOL=${symbol} ${ARGN})
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
  tgauth_generate_from_files(${out} embed_queries.cmake "Generating ${header}"
    ${PROJECT_SOURCE_DIR} -DHEADER=${header} ${ARGN})
  target_sources(${target} PRIVATE ${out})
  target_include_directories(${target} PRIVATE ${PROJECT_BINARY_DIR})
endfunction()

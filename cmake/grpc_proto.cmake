# tgauth_grpc_proto_library(TARGET PROTO_ROOT PROTOS...): two static
# libraries generated from PROTOS (paths relative to PROTO_ROOT, which is
# also the import root): TARGET, the C++ messages (protobuf only), and
# TARGET_grpc, the gRPC service stubs. Domain code links the messages alone,
# so a unit test of it links no gRPC.
function(tgauth_grpc_proto_library target proto_root)
  set(gen_dir ${CMAKE_CURRENT_BINARY_DIR}/${target}_gen)
  file(MAKE_DIRECTORY ${gen_dir})
  set(message_srcs)
  set(grpc_srcs)
  foreach(p IN LISTS ARGN)
    string(REGEX REPLACE "\\.proto$" "" base ${p})
    set(outs ${gen_dir}/${base}.pb.cc ${gen_dir}/${base}.pb.h
             ${gen_dir}/${base}.grpc.pb.cc ${gen_dir}/${base}.grpc.pb.h)
    add_custom_command(
      OUTPUT ${outs}
      COMMAND protobuf::protoc
        --proto_path=${proto_root}
        --cpp_out=${gen_dir} --grpc_out=${gen_dir}
        --plugin=protoc-gen-grpc=$<TARGET_FILE:gRPC::grpc_cpp_plugin>
        ${proto_root}/${p}
      DEPENDS ${proto_root}/${p}
      COMMENT "protoc ${p}"
      VERBATIM)
    list(APPEND message_srcs ${gen_dir}/${base}.pb.cc)
    list(APPEND grpc_srcs ${gen_dir}/${base}.grpc.pb.cc)
  endforeach()
  add_library(${target} STATIC ${message_srcs})
  target_include_directories(${target} PUBLIC ${gen_dir})
  target_link_libraries(${target} PUBLIC protobuf::libprotobuf)
  add_library(${target}_grpc STATIC ${grpc_srcs})
  target_link_libraries(${target}_grpc PUBLIC ${target} gRPC::grpc++)
endfunction()

#include "tests/e2e/reflection_call.h"

#include <vector>

#include "grpcpp/completion_queue.h"
#include "grpcpp/create_channel.h"
#include "grpcpp/generic/generic_stub.h"
#include "grpcpp/security/credentials.h"

namespace motcua::testing {

ReflectionAnswer ListServicesByReflection(const std::string& address,
                                          const std::string& secret) {
  auto channel =
      grpc::CreateChannel(address, grpc::InsecureChannelCredentials());
  grpc::GenericStub stub(channel);
  grpc::ClientContext context;
  if (!secret.empty()) context.AddMetadata("authorization", "Bearer " + secret);
  grpc::CompletionQueue cq;
  auto call = stub.PrepareCall(
      &context,
      "/grpc.reflection.v1alpha.ServerReflection/ServerReflectionInfo", &cq);
  // ServerReflectionRequest{list_services: ""}, encoded by hand: field 7,
  // length-delimited, empty.
  grpc::Slice slice(std::string("\x3a\x00", 2));
  grpc::ByteBuffer request(&slice, 1);
  grpc::ByteBuffer response;
  ReflectionAnswer answer;
  // One step at a time; a refused call fails the steps before Finish.
  int tag = 0;
  auto step = [&] {
    void* got = nullptr;
    bool ok = false;
    cq.Next(&got, &ok);
  };
  call->StartCall(&tag);
  step();
  call->Write(request, &tag);
  step();
  call->Read(&response, &tag);
  step();
  call->WritesDone(&tag);
  step();
  call->Finish(&answer.status, &tag);
  step();
  std::vector<grpc::Slice> slices;
  if (answer.status.ok() && response.Dump(&slices).ok()) {
    for (const grpc::Slice& s : slices) {
      answer.bytes.append(reinterpret_cast<const char*>(s.begin()), s.size());
    }
  }
  return answer;
}

}  // namespace motcua::testing

// motcua-grpc-json: asks the gRPC API one read call with a request in
// protobuf's JSON mapping and prints the answer the same way, for the web
// tests to compare with what the JSON API answers.
//   motcua-grpc-json ADDRESS TOKEN Service/Method 'REQUEST JSON'
// Prints the response JSON and exits 0, or prints "CODE_NAME: message" and
// exits 1 when the call is refused (2 for a usage error).
#include <iostream>
#include <memory>
#include <string>

#include "absl/status/status.h"
#include "google/protobuf/util/json_util.h"
#include "grpcpp/create_channel.h"
#include "grpcpp/security/credentials.h"
#include "motcua/v1/catalogue_service.grpc.pb.h"
#include "motcua/v1/dossier_service.grpc.pb.h"
#include "motcua/v1/statistics_service.grpc.pb.h"

namespace {

// Parses `json` into a Request, calls `method` of `stub`, prints the answer.
template <typename Request, typename Response, typename Stub>
int Call(Stub& stub,
         grpc::Status (Stub::*method)(grpc::ClientContext*, const Request&,
                                      Response*),
         const std::string& token, const std::string& json) {
  Request request;
  if (!google::protobuf::util::JsonStringToMessage(json, &request).ok()) {
    std::cerr << "not a " << request.GetTypeName() << ": " << json << "\n";
    return 2;
  }
  grpc::ClientContext context;
  if (!token.empty()) context.AddMetadata("authorization", "Bearer " + token);
  Response response;
  const grpc::Status status = (stub.*method)(&context, request, &response);
  if (!status.ok()) {
    std::cout << absl::StatusCodeToString(
                     static_cast<absl::StatusCode>(status.error_code()))
              << ": " << status.error_message() << "\n";
    return 1;
  }
  google::protobuf::util::JsonPrintOptions options;
  options.always_print_primitive_fields = true;  // as the JSON API prints
  std::string out;
  (void)google::protobuf::util::MessageToJsonString(response, &out, options);
  std::cout << out << "\n";
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  using namespace motcua::v1;
  if (argc != 5) {
    std::cerr << "usage: motcua-grpc-json ADDRESS TOKEN Service/Method JSON\n";
    return 2;
  }
  auto channel =
      grpc::CreateChannel(argv[1], grpc::InsecureChannelCredentials());
  const std::string token = argv[2], method = argv[3], json = argv[4];
  auto statistics = StatisticsService::NewStub(channel);
  auto dossiers = DossierService::NewStub(channel);
  auto catalogue = CatalogueService::NewStub(channel);
  if (method == "StatisticsService/GetReport") {
    return Call(*statistics, &StatisticsService::Stub::GetReport, token, json);
  }
  if (method == "StatisticsService/GetRates") {
    return Call(*statistics, &StatisticsService::Stub::GetRates, token, json);
  }
  if (method == "StatisticsService/GetOnlineProcedureRatios") {
    return Call(*statistics, &StatisticsService::Stub::GetOnlineProcedureRatios,
                token, json);
  }
  if (method == "StatisticsService/ListReportDossiers") {
    return Call(*statistics, &StatisticsService::Stub::ListReportDossiers,
                token, json);
  }
  if (method == "StatisticsService/ListDeadlineWarnings") {
    return Call(*statistics, &StatisticsService::Stub::ListDeadlineWarnings,
                token, json);
  }
  if (method == "DossierService/GetDossier") {
    return Call(*dossiers, &DossierService::Stub::GetDossier, token, json);
  }
  if (method == "DossierService/ListDossiers") {
    return Call(*dossiers, &DossierService::Stub::ListDossiers, token, json);
  }
  if (method == "DossierService/LookupDossierStatus") {
    return Call(*dossiers, &DossierService::Stub::LookupDossierStatus, token,
                json);
  }
  if (method == "CatalogueService/ListUnits") {
    return Call(*catalogue, &CatalogueService::Stub::ListUnits, token, json);
  }
  if (method == "CatalogueService/GetUnit") {
    return Call(*catalogue, &CatalogueService::Stub::GetUnit, token, json);
  }
  if (method == "CatalogueService/ListProcedures") {
    return Call(*catalogue, &CatalogueService::Stub::ListProcedures, token,
                json);
  }
  std::cerr << "motcua-grpc-json does not know " << method << "\n";
  return 2;
}

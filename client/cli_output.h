// How the CLI prints: aligned tables for people, JSON for scripts.
#pragma once

#include <ostream>
#include <string>
#include <vector>

#include "google/protobuf/message.h"
#include "google/protobuf/timestamp.pb.h"
#include "motcua/v1/resources.pb.h"

namespace motcua::client {

// Prints `rows` under `header` with columns padded to their widest cell
// (width counted in UTF-8 characters, so Vietnamese names line up).
void PrintTable(std::ostream& out, const std::vector<std::string>& header,
                const std::vector<std::vector<std::string>>& rows);

// The message as protobuf JSON (field names as in the .proto), one object.
std::string ToJson(const google::protobuf::Message& message);

// "2025-03-10 09:00" in Vietnam's local time; "" when unset.
std::string LocalTime(const google::protobuf::Timestamp& t, bool is_set);
std::string DateString(const v1::Date& d);

}  // namespace motcua::client

// Whether a message holds only enum values its schema defines. Proto3 enums
// are open: a number the API never defined travels on the wire unnoticed,
// so a service that stores an unchecked enum from a request later answers
// with it. Fuzz targets check every answer with this.
#pragma once

#include <string>

#include "google/protobuf/message.h"

namespace motcua::fuzz {

// Empty when every enum field (at any depth) has a defined value; else the
// path and number of the first that does not ("dossier.online_class = 7").
std::string FirstUndefinedEnum(const google::protobuf::Message& message);

}  // namespace motcua::fuzz

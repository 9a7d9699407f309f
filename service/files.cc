#include "service/files.h"

#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fstream>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace motcua::service {

absl::StatusOr<std::string> ReadFile(const std::string& path) {
  std::ifstream in(path);
  if (!in) return absl::NotFoundError(absl::StrCat("cannot read ", path));
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

absl::Status WriteOwnerOnlyFile(const std::string& path,
                                const std::string& content) {
  // A new file beside the target (mkstemp: O_EXCL, mode 0600, never an
  // existing file or link), then renamed over it: whatever was at `path` (a
  // file of another mode, a symbolic link planted there) is replaced, not
  // written through.
  std::string temp = path + ".XXXXXX";
  const int fd = mkstemp(temp.data());
  if (fd < 0) {
    return absl::FailedPreconditionError(absl::StrCat("cannot write ", path));
  }
  const bool written = fchmod(fd, S_IRUSR | S_IWUSR) == 0 &&
                       write(fd, content.data(), content.size()) ==
                           static_cast<ssize_t>(content.size()) &&
                       fsync(fd) == 0;
  const bool closed = close(fd) == 0;
  if (!written || !closed || rename(temp.c_str(), path.c_str()) != 0) {
    unlink(temp.c_str());
    return absl::FailedPreconditionError(absl::StrCat("cannot write ", path));
  }
  return absl::OkStatus();
}

absl::Status CheckPrivateDirectory(const std::string& path) {
  struct stat st;
  if (lstat(path.c_str(), &st) != 0) {
    return absl::FailedPreconditionError(
        absl::StrCat("cannot read the data directory ", path));
  }
  if (!S_ISDIR(st.st_mode)) {
    return absl::FailedPreconditionError(
        absl::StrCat("the data directory ", path,
                     " is not a directory (a symbolic link is refused too)"));
  }
  if ((st.st_mode & (S_IRWXG | S_IRWXO)) != 0) {
    return absl::FailedPreconditionError(absl::StrCat(
        "the data directory ", path, " is open to other users (mode ",
        absl::StrFormat("%04o", st.st_mode & 07777),
        "); it holds applicants' names and identity numbers: chmod 700 it, "
        "or start with --allow_shared_data_dir"));
  }
  return absl::OkStatus();
}

}  // namespace motcua::service

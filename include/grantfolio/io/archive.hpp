// grantfolio/io/archive.hpp — saving and loading programmes as Boost.Serialization archives.
//
// Three formats: XML and text (portable across machines) and binary (same architecture only).
// Loading recognises the format from the content, treats the archive as untrusted (every count
// checked against the bytes left and a cap before allocating) and refuses archives written by a newer
// grantfolio. Saving is atomic: a temporary file in the same folder, flushed and fsynced, then renamed
// over the old one.
//
//   grantfolio::io::save_archive(program, "caaht.xml", grantfolio::io::archive_format::xml);
//   grantfolio::program p = grantfolio::io::load_archive("caaht.xml");
#pragma once

#include <filesystem>
#include <functional>
#include <ostream>
#include <optional>
#include <string>
#include <string_view>

#include "grantfolio/program.hpp"

namespace grantfolio::io {

enum class archive_format { xml, text, binary };
const char* to_string(archive_format f) noexcept;
/// "xml", "text", "binary"; throws invalid_argument otherwise.
archive_format parse_archive_format(std::string_view name);
inline std::ostream& operator<<(std::ostream& os, archive_format f) { return os << to_string(f); }

struct archive_limits {
    std::size_t max_bytes = std::size_t(1) << 34;        ///< 16 GiB
    std::size_t max_elements = std::size_t(1) << 27;     ///< per collection (134 million)
    std::size_t max_string_bytes = std::size_t(1) << 26; ///< 64 MiB per string
};

/// The archive's bytes.
std::string to_archive(const program& p, archive_format format);
/// Writes the archive to a stream, CRC line included.
void write_archive(std::ostream& out, const program& p, archive_format format);
/// Reads archive bytes; `name` says where they came from in error messages.
program from_archive(std::string_view bytes, const std::string& name = "<archive>", const archive_limits& limits = {});
/// The format of archive bytes, from their first bytes; nothing when they are not a grantfolio archive.
std::optional<archive_format> detect_archive(std::string_view head);

/// Atomic: the file holds the old programme or the new one, never a mix, whatever happens.
void save_archive(const program& p, const std::filesystem::path& path, archive_format format);
program load_archive(const std::filesystem::path& path, const archive_limits& limits = {});

/// The whole content of a file, read in one piece (its size known first); throws error naming the
/// file when it cannot be read or exceeds max_bytes.
std::string read_file(const std::filesystem::path& path, std::size_t max_bytes = std::size_t(1) << 34);

/// Writes a file atomically: `write` fills a temporary file beside `path`
/// (".NAME.tmp-HOST-PID-XXXXXX"), which is flushed, fsynced and renamed over `path` (and the folder
/// fsynced). On any failure the temporary file is removed and `path` is untouched.
///
/// Only a regular file, or nothing, is replaced. A symbolic link is followed to where its chain
/// ends, and that file is replaced (the link stays a link, a dangling link gets its target made).
/// A directory, device, FIFO or socket at the target is refused with `error` and left untouched.
///
/// A process killed while saving cannot remove its temporary file; every successful save removes,
/// from the folder it wrote in, those of this host whose process no longer exists.
void write_file_atomically(const std::filesystem::path& path, const std::function<void(std::ostream&)>& write);

}  // namespace grantfolio::io

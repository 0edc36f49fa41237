// Programmes in Boost.Serialization archives: format detection, hostile-input guards, atomic saves.
#include "grantfolio/io/archive.hpp"
#include "detail/iati_record.hpp"
#include "detail/mapped_file.hpp"

#include <boost/archive/archive_exception.hpp>
#include <boost/archive/binary_iarchive.hpp>
#include <boost/archive/binary_oarchive.hpp>
#include <boost/archive/text_iarchive.hpp>
#include <boost/archive/text_oarchive.hpp>
#include <boost/archive/xml_iarchive.hpp>
#include <boost/archive/xml_oarchive.hpp>
#include <zlib.h>
#include <sys/stat.h>
#include <algorithm>
#include <cctype>
#include <cerrno>
#include <csignal>
#include <limits>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <sys/mman.h>
#include <fstream>
#include <sstream>
#include <streambuf>
#include <type_traits>
#include <unistd.h>

#include "grantfolio/serialization/program.hpp"

namespace grantfolio::io {

namespace {

constexpr const char* tag = "grantfolio-program";
// Every archive file ends with this line and the CRC-32 of the bytes before it, in hex: a flipped bit
// or a cut file is caught before Boost reads a byte.
constexpr std::string_view trailer_key = "\ngrantfolio-crc32 ";
constexpr std::size_t trailer_size = trailer_key.size() + 8 + 1;

std::uint32_t crc32_of(std::string_view bytes, std::uint32_t crc = 0) {
    return static_cast<std::uint32_t>(::crc32_z(crc, reinterpret_cast<const Bytef*>(bytes.data()), bytes.size()));
}

/// Passes bytes on to another stream buffer, keeping the CRC-32 of everything that went through.
class crc_buffer : public std::streambuf {
public:
    explicit crc_buffer(std::streambuf* sink) : sink_(sink) { setp(buffer_, buffer_ + sizeof buffer_); }
    ~crc_buffer() override { sync(); }
    std::uint32_t crc() {
        sync();
        return crc_;
    }

protected:
    int_type overflow(int_type c) override {
        if (flush_buffer() < 0) return traits_type::eof();
        if (!traits_type::eq_int_type(c, traits_type::eof())) {
            *pptr() = traits_type::to_char_type(c);
            pbump(1);
        }
        return traits_type::not_eof(c);
    }
    std::streamsize xsputn(const char* s, std::streamsize n) override {
        if (n > static_cast<std::streamsize>(sizeof buffer_)) {
            if (flush_buffer() < 0) return 0;
            crc_ = crc32_of(std::string_view(s, static_cast<std::size_t>(n)), crc_);
            return sink_->sputn(s, n);
        }
        return std::streambuf::xsputn(s, n);
    }
    int sync() override { return flush_buffer() < 0 ? -1 : sink_->pubsync(); }

private:
    int flush_buffer() {
        auto n = static_cast<std::streamsize>(pptr() - pbase());
        if (n == 0) return 0;
        crc_ = crc32_of(std::string_view(pbase(), static_cast<std::size_t>(n)), crc_);
        if (sink_->sputn(pbase(), n) != n) return -1;
        setp(buffer_, buffer_ + sizeof buffer_);
        return 0;
    }
    std::streambuf* sink_;
    char buffer_[1 << 16];
    std::uint32_t crc_ = 0;
};

constexpr unsigned archive_flags = boost::archive::no_codecvt;
// Reading: Boost's own check that an XML end tag matches the name asked for compares as many bytes
// as the tag in the file holds, past the end of a shorter expected name (found by fuzz_archive; the
// input stays in tests/fuzz/regressions/archive/). Names carry no data in grantfolio's archives:
// every value is read in order and checked by grantfolio's own fields, so the check is turned off.
constexpr unsigned read_flags = archive_flags | boost::archive::no_xml_tag_checking;

using detail::page_releaser;

/// A read-only stream buffer over bytes in memory, with cheap tellg.
class memory_buffer : public std::streambuf {
public:
    explicit memory_buffer(std::string_view bytes, page_releaser* pages = nullptr) : pages_(pages) {
        char* b = const_cast<char*>(bytes.data());
        setg(b, b, b + bytes.size());
    }

protected:
    pos_type seekoff(off_type off, std::ios_base::seekdir dir, std::ios_base::openmode) override {
        char* target = dir == std::ios_base::beg ? eback() + off : dir == std::ios_base::cur ? gptr() + off : egptr() + off;
        if (target < eback() || target > egptr()) return pos_type(off_type(-1));
        setg(eback(), target, egptr());
        return pos_type(target - eback());
    }
    pos_type seekpos(pos_type pos, std::ios_base::openmode which) override {
        return seekoff(off_type(pos), std::ios_base::beg, which);
    }
    std::streamsize xsgetn(char* s, std::streamsize n) override {
        std::streamsize got = std::streambuf::xsgetn(s, n);
        if (pages_) pages_->read_up_to(gptr());
        return got;
    }

private:
    page_releaser* pages_;
};

template <class Archive>
void write_with(std::ostream& out, const program& p) {
    Archive ar(out, archive_flags);
    std::string t = tag;
    serialization::string_field(ar, "format", t);
    ar << boost::serialization::make_nvp("program", p);
}

/// An XML archive's reader checks its closing tag in its destructor, and throws from there when the
/// bytes end before a '>': that ends the process (a destructor may not throw). So what follows the
/// programme is checked here first, while the archive is alive: whitespace, the closing
/// </boost_serialization> tag, whitespace. Throwing now makes the destructor skip its own check.
void check_xml_end(std::istream& in, std::int64_t end) {
    const std::int64_t at = in ? static_cast<std::int64_t>(in.tellg()) : -1;
    if (at < 0 || at > end) throw error("ends early: the programme's XML stops before its end");
    std::string rest(static_cast<std::size_t>(std::min<std::int64_t>(end - at, 256)), '\0');
    in.read(rest.data(), static_cast<std::streamsize>(rest.size()));
    rest.resize(static_cast<std::size_t>(in.gcount()));
    const bool whole = end - at <= 256;
    auto first = rest.find_first_not_of(" \t\r\n");
    auto last = rest.find_last_not_of(" \t\r\n");
    if (!whole || first == std::string::npos || rest.compare(first, last - first + 1, "</boost_serialization>") != 0)
        throw error(first == std::string::npos ? "ends without its closing </boost_serialization> tag"
                                               : "has unexpected content after the programme, where its closing "
                                                 "</boost_serialization> tag should be");
    in.seekg(at);  // the archive's own check reads the tag again
}

template <class Archive>
program read_with(std::istream& in, std::int64_t end, const archive_limits& limits) {
    Archive ar(in, read_flags);
    // Boost's XML reader does not check this itself.
    if (ar.get_library_version() > boost::archive::BOOST_ARCHIVE_VERSION())
        throw boost::archive::archive_exception(boost::archive::archive_exception::unsupported_version);
    auto& c = serialization::context(ar);
    c.stream = &in;
    c.end = end;
    c.max_elements = limits.max_elements;
    c.max_string_bytes = limits.max_string_bytes;
    std::string t;
    serialization::string_field(ar, "format", t);
    if (t != tag) throw error("not a grantfolio programme archive (it holds '" + t.substr(0, 40) + "')");
    program p;
    ar >> boost::serialization::make_nvp("program", p);
    if constexpr (std::is_same_v<Archive, boost::archive::xml_iarchive>) check_xml_end(in, end);
    // Grants of formats 1-5 take what was not typed then from their IATI records (format 7 added
    // only the records' lines, which an older archive does not know).
    if (c.oldest_grant_format < 6) io::detail::retype_from_records(p, c.oldest_grant_format);
    return p;
}

std::string describe(const boost::archive::archive_exception& e) {
    switch (e.code) {
        case boost::archive::archive_exception::unsupported_version:
            return "written by a newer version of Boost.Serialization than this grantfolio reads";
        case boost::archive::archive_exception::unsupported_class_version:
            return "written by a newer grantfolio (a class version this one does not know)";
        case boost::archive::archive_exception::input_stream_error:
            return "truncated or damaged (the data ends or stops making sense early)";
        case boost::archive::archive_exception::invalid_signature:
            return "not a Boost.Serialization archive (bad signature)";
        default:
            return std::string("damaged: ") + e.what();
    }
}

}  // namespace

const char* to_string(archive_format f) noexcept {
    switch (f) {
        case archive_format::xml: return "xml";
        case archive_format::text: return "text";
        case archive_format::binary: return "binary";
    }
    return "?";
}

archive_format parse_archive_format(std::string_view name) {
    if (name == "xml") return archive_format::xml;
    if (name == "text") return archive_format::text;
    if (name == "binary") return archive_format::binary;
    throw invalid_argument("unknown archive format '" + std::string(name) + "' (expected xml, text or binary)");
}

std::optional<archive_format> detect_archive(std::string_view head) {
    static constexpr std::string_view signature = "serialization::archive";
    if (head.substr(0, 5) == "<?xml" && head.substr(0, 512).find("<!DOCTYPE boost_serialization>") != std::string_view::npos)
        return archive_format::xml;
    if (head.substr(0, 3) == "22 " && head.substr(3, signature.size()) == signature) return archive_format::text;
    if (head.size() >= 8 + signature.size()) {
        std::uint64_t n = 0;
        std::memcpy(&n, head.data(), 8);
        if (n == signature.size() && head.substr(8, signature.size()) == signature) return archive_format::binary;
    }
    return std::nullopt;
}

void write_archive(std::ostream& sink, const program& p, archive_format format) {
    crc_buffer buffer(sink.rdbuf());
    {
        std::ostream out(&buffer);
        switch (format) {
            case archive_format::xml: write_with<boost::archive::xml_oarchive>(out, p); break;
            case archive_format::text: write_with<boost::archive::text_oarchive>(out, p); break;
            case archive_format::binary: write_with<boost::archive::binary_oarchive>(out, p); break;
        }
        if (!out) throw error("writing the archive failed");
    }
    char hex[16];
    std::snprintf(hex, sizeof hex, "%08x", buffer.crc());
    sink << trailer_key << hex << '\n';
}

std::string to_archive(const program& p, archive_format format) {
    std::ostringstream out(std::ios::binary);
    write_archive(out, p, format);
    return std::move(out).str();
}

namespace {
program from_bytes(std::string_view bytes, const std::string& name, const archive_limits& limits, page_releaser* pages);
}

program from_archive(std::string_view bytes, const std::string& name, const archive_limits& limits) {
    return from_bytes(bytes, name, limits, nullptr);
}

namespace {
program from_bytes(std::string_view bytes, const std::string& name, const archive_limits& limits, page_releaser* pages) {
    auto fail = [&](const std::string& why) -> program { throw error("archive '" + name + "' " + why); };
    if (bytes.empty()) return fail("is empty");
    if (bytes.size() > limits.max_bytes) return fail("exceeds the byte cap of " + std::to_string(limits.max_bytes));
    auto format = detect_archive(bytes.substr(0, 512));
    if (!format) return fail("is not a grantfolio archive (no XML, text or binary Boost.Serialization header)");
    if (bytes.size() < trailer_size || bytes.substr(bytes.size() - trailer_size, trailer_key.size()) != trailer_key)
        return fail("is truncated: its closing checksum line is missing");
    {
        std::string_view hex = bytes.substr(bytes.size() - 9, 8);
        std::uint32_t stated = 0;
        for (char c : hex) {
            int v = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
            if (v < 0) return fail("is damaged: its checksum line is not hexadecimal");
            stated = stated * 16 + static_cast<std::uint32_t>(v);
        }
        bytes = bytes.substr(0, bytes.size() - trailer_size);
        std::uint32_t crc = 0;
        for (std::size_t at = 0; at < bytes.size(); at += std::size_t(16) << 20) {
            std::string_view chunk = bytes.substr(at, std::size_t(16) << 20);
            crc = crc32_of(chunk, crc);
            if (pages) pages->read_up_to(chunk.data() + chunk.size());
        }
        if (crc != stated) return fail("is damaged: its CRC-32 does not match its content");
        if (pages) pages->rewind();
    }
    memory_buffer buffer(bytes, pages);
    std::istream in(&buffer);
    const auto end = static_cast<std::int64_t>(bytes.size());
    try {
        switch (*format) {
            case archive_format::xml: return read_with<boost::archive::xml_iarchive>(in, end, limits);
            case archive_format::text: return read_with<boost::archive::text_iarchive>(in, end, limits);
            case archive_format::binary: return read_with<boost::archive::binary_iarchive>(in, end, limits);
        }
    } catch (const boost::archive::archive_exception& e) {
        return fail("is " + describe(e));
    } catch (const error& e) {
        return fail(std::string("is damaged or hostile: ") + e.what());
    } catch (const std::bad_alloc&) {
        // Every count is checked against the bytes left before anything is allocated, so this is
        // the machine (or the process's limit) running out, not a count the archive inflated.
        return fail("could not be read: out of memory (" + std::to_string(bytes.size() >> 20) +
                    " MiB of archive; the programme takes up to 4 times that)");
    } catch (const std::length_error& e) {
        return fail(std::string("is damaged: ") + e.what());
    } catch (const std::ios_base::failure& e) {
        return fail(std::string("is truncated or damaged: ") + e.what());
    } catch (const std::exception& e) {
        // Boost's XML parser reports malformed XML through its own exception types.
        return fail(std::string("is damaged: ") + e.what());
    }
    return fail("has an unknown format");
}

}  // namespace

program load_archive(const std::filesystem::path& path, const archive_limits& limits) {
    // Mapped, not copied: the pages are read once, by the checksum, and then parsed in place.
    const detail::mapped_file file(path, limits.max_bytes);
    page_releaser pages(file.bytes().data());
    return from_bytes(file.bytes(), path.string(), limits, &pages);
}

std::string read_file(const std::filesystem::path& path, std::size_t max_bytes) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        const int code = errno;
        throw file_error("cannot open '" + path.string() + "' for reading" + (code ? std::string(": ") + std::strerror(code) : std::string()),
                         path.string(), code);
    }
    std::error_code ec;
    const auto size = std::filesystem::file_size(path, ec);
    std::string text;
    if (!ec) {
        if (size > max_bytes) throw error("'" + path.string() + "' exceeds the byte cap of " + std::to_string(max_bytes));
        text.resize(static_cast<std::size_t>(size));
        in.read(text.data(), static_cast<std::streamsize>(size));
        text.resize(static_cast<std::size_t>(in.gcount()));
    }
    // Whatever is left (a file that grew, or one whose size is not known: a pipe).
    char buf[1 << 16];
    while (in.read(buf, sizeof buf) || in.gcount() > 0) {
        text.append(buf, static_cast<std::size_t>(in.gcount()));
        if (text.size() > max_bytes) throw error("'" + path.string() + "' exceeds the byte cap of " + std::to_string(max_bytes));
    }
    if (in.bad()) throw error("cannot read '" + path.string() + "'");
    return text;
}

namespace {

/// This host's name as it appears in temporary file names: letters, digits, '.', '-' and '_', at most 64.
std::string host_tag() {
    char host[256] = {};
    std::string tag;
    if (::gethostname(host, sizeof host - 1) == 0)
        for (const char* c = host; *c && tag.size() < 64; ++c)
            tag += std::isalnum(static_cast<unsigned char>(*c)) || *c == '.' || *c == '-' ? *c : '_';
    return tag.empty() ? std::string("host") : tag;
}

/// The start of the names of the temporary files that saves of `path` on this host make:
/// ".NAME.tmp-HOST-" (NAME cut to 120 bytes at a character boundary, HOST this host's name in
/// letters, digits, '.', '-' and '_', at most 64), to be followed by "PID-XXXXXX".
std::string temporary_prefix(const std::filesystem::path& path) {
    std::string name = path.filename().string();
    name.resize(grantfolio::detail::utf8_cut(name, 120));  // not inside a UTF-8 character
    return "." + name + ".tmp-" + host_tag() + "-";
}

/// Removes the temporary files that saves into `dir` on this host left behind when they were killed
/// (nothing can remove them after SIGKILL): every ".NAME.tmp-HOST-PID-XXXXXX" whose process no
/// longer exists, whatever file it was for. A file of a live process, of this process, of another
/// host or of another form is kept; errors are ignored (this is tidying, not the save).
void remove_stale_temporaries(const std::filesystem::path& dir) {
    const std::string middle = ".tmp-" + host_tag() + "-";
    std::error_code ec;
    for (std::filesystem::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
        const std::string name = it->path().filename().string();
        if (name.size() < 2 || name[0] != '.') continue;
        const auto at = name.rfind(middle);
        if (at == std::string::npos || at == 0) continue;
        const char* digits = name.c_str() + at + middle.size();
        char* rest = nullptr;
        errno = 0;
        const long pid = std::strtol(digits, &rest, 10);
        if (rest == digits || errno != 0 || pid <= 0 || pid > std::numeric_limits<pid_t>::max() || *rest != '-' ||
            std::strlen(rest + 1) != 6)
            continue;
        if (pid == ::getpid() || ::kill(static_cast<pid_t>(pid), 0) == 0 || errno != ESRCH) continue;  // alive, or not ours to judge
        std::error_code symlink_ec;
        if (!it->is_regular_file(symlink_ec) || it->is_symlink(symlink_ec)) continue;
        std::error_code ignored;
        std::filesystem::remove(it->path(), ignored);
    }
}

const char* kind_of(mode_t mode) {
    if (S_ISDIR(mode)) return "a directory";
    if (S_ISCHR(mode)) return "a character device";
    if (S_ISBLK(mode)) return "a block device";
    if (S_ISFIFO(mode)) return "a FIFO";
    if (S_ISSOCK(mode)) return "a socket";
    return "not a regular file";
}

/// The file a save of `path` replaces: `path` itself, or where its chain of symbolic links ends
/// (the links stay links). Only a regular file or nothing may be there.
std::filesystem::path save_target(const std::filesystem::path& path) {
    // What the path reaches, links followed: /dev/stdout's chain ends in a name like 'pipe:[123]'
    // that is no path at all, but stat() still sees the FIFO it stands for.
    if (struct stat st {}; ::stat(path.c_str(), &st) == 0 && !S_ISREG(st.st_mode)) {
        std::error_code ec;
        const auto link = std::filesystem::is_symlink(path, ec) ? std::filesystem::read_symlink(path, ec) : std::filesystem::path();
        throw error("will not replace '" + path.string() + "'" + (link.empty() ? std::string() : " (a link to '" + link.string() + "')") +
                    ": it is " + kind_of(st.st_mode) + ", not a regular file; nothing written");
    }
    std::filesystem::path at = path;
    for (int hops = 0;; ++hops) {
        struct stat st {};
        if (::lstat(at.c_str(), &st) != 0) {
            if (errno == ENOENT) return at;  // a new file (or a dangling link's target)
            throw file_error("cannot write '" + path.string() + "': " + std::strerror(errno), path.string(), errno);
        }
        if (S_ISREG(st.st_mode)) return at;
        if (!S_ISLNK(st.st_mode))
            throw error("will not replace '" + path.string() + "'" +
                        (at == path ? std::string() : " (a link to '" + at.string() + "')") + ": it is " + kind_of(st.st_mode) +
                        ", not a regular file; nothing written");
        if (hops == 40) throw error("cannot write '" + path.string() + "': too many levels of symbolic links");
        std::error_code ec;
        std::filesystem::path next = std::filesystem::read_symlink(at, ec);
        if (ec) throw file_error("cannot write '" + path.string() + "': " + ec.message(), path.string(), ec.value());
        at = next.is_absolute() ? next : at.parent_path() / next;
    }
}

}  // namespace

void write_file_atomically(const std::filesystem::path& requested, const std::function<void(std::ostream&)>& write) {
    if (requested.empty()) throw invalid_argument("no file named to write");
    const std::filesystem::path path = save_target(requested);
    std::filesystem::path dir = path.has_parent_path() ? path.parent_path() : std::filesystem::path(".");
    const std::string prefix = temporary_prefix(path);
    std::string pattern = (dir / (prefix + std::to_string(::getpid()) + "-XXXXXX")).string();
    detail::unique_fd fd(::mkstemp(pattern.data()));
    if (!fd) throw file_error("cannot create a temporary file beside '" + path.string() + "': " + std::strerror(errno), path.string(), errno);
    // mkstemp makes the file private; give it the mode of the file it replaces, or 0666 less the umask.
    struct stat old {};
    if (::stat(path.c_str(), &old) == 0) {
        ::fchmod(fd.get(), old.st_mode & 07777);
    } else {
        mode_t mask = 022;
        if (const detail::unique_file f{std::fopen("/proc/self/status", "r")}) {
            char line[256];
            while (std::fgets(line, sizeof line, f.get()))
                if (std::sscanf(line, "Umask: %o", &mask) == 1) break;
        }
        ::fchmod(fd.get(), 0666 & ~mask);
    }
    const std::string tmp = pattern;
    auto cleanup = [&] { ::unlink(tmp.c_str()); };
    try {
        {
            std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
            if (!out) throw error("cannot write '" + tmp + "'");
            write(out);
            out.flush();
            if (!out) throw error("writing '" + tmp + "' failed (disk full?)");
        }
        if (::fsync(fd.get()) != 0) throw error("fsync of '" + tmp + "' failed: " + std::strerror(errno));
        fd.reset();
        // Checked again just before the rename: something other than a regular file may have appeared.
        if (struct stat now {}; ::lstat(path.c_str(), &now) == 0 && !S_ISREG(now.st_mode))
            throw error("will not replace '" + path.string() + "': it is now " + kind_of(now.st_mode) + "; nothing written");
        if (::rename(tmp.c_str(), path.c_str()) != 0)
            throw file_error("cannot rename '" + tmp + "' to '" + path.string() + "': " + std::strerror(errno), path.string(), errno);
        if (const detail::unique_fd dfd(::open(dir.c_str(), O_RDONLY | O_DIRECTORY)); dfd)
            ::fsync(dfd.get());  // the rename itself reaches the disk
    } catch (...) {
        fd.reset();
        cleanup();
        throw;
    }
    remove_stale_temporaries(dir);
}

void save_archive(const program& p, const std::filesystem::path& path, archive_format format) {
    write_file_atomically(path, [&](std::ostream& out) { write_archive(out, p, format); });
}

}  // namespace grantfolio::io

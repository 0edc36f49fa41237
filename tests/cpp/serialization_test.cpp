#define BOOST_TEST_MODULE serialization
#include <boost/archive/binary_iarchive.hpp>
#include <boost/archive/binary_oarchive.hpp>
#include <boost/archive/text_iarchive.hpp>
#include <boost/archive/text_oarchive.hpp>
#include <boost/archive/xml_iarchive.hpp>
#include <boost/archive/xml_oarchive.hpp>
#include <boost/test/unit_test.hpp>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <random>
#include <set>
#include <sstream>
#include <sys/wait.h>
#include <unistd.h>

#include "archive_bytes.hpp"
#include "grantfolio/datasets.hpp"
#include "grantfolio/io/archive.hpp"
#include "grantfolio/io/iati.hpp"
#include "grantfolio/io/json.hpp"
#include "grantfolio/io/rates.hpp"
#include "grantfolio/serialization/exchange_rate.hpp"
#include "grantfolio/serialization/program.hpp"
#include "grantfolio/synthetic.hpp"

using namespace grantfolio;
using io::archive_format;

static const archive_format formats[] = {archive_format::xml, archive_format::text, archive_format::binary};

static std::string slurp(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    BOOST_REQUIRE_MESSAGE(in, "missing " << path);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

static std::string error_of(std::string_view bytes) {
    try {
        io::from_archive(bytes, "a");
    } catch (const error& e) {
        return e.what();
    }
    return "no error";
}

using testing::resealed;

BOOST_AUTO_TEST_CASE(caaht_round_trips_in_every_format) {
    const program& p = datasets::caaht_2006();
    for (auto f : formats) {
        BOOST_TEST_CONTEXT(io::to_string(f)) {
            std::string bytes = io::to_archive(p, f);
            BOOST_TEST(io::detect_archive(bytes).value() == f);
            program back = io::from_archive(bytes);
            BOOST_TEST((back == p));
        }
    }
}

BOOST_AUTO_TEST_CASE(generated_programmes_round_trip_exactly) {
    // Many shapes: empty, one grant, no transactions, many transactions, different seeds.
    for (std::uint64_t seed = 1; seed <= 24; ++seed) {
        synthetic::options o;
        o.seed = seed;
        o.grants = seed == 1 ? 0 : seed * 7 % 60;
        o.transactions = seed % 3 == 0 ? 0 : seed * 37 % 500;
        program p = synthetic::generate(o);
        for (auto f : formats) {
            BOOST_TEST_CONTEXT("seed " << seed << " " << io::to_string(f)) {
                program back = io::from_archive(io::to_archive(p, f));
                BOOST_TEST((back == p));
            }
        }
    }
}

BOOST_AUTO_TEST_CASE(unicode_and_optional_fields_survive) {
    program p = datasets::caaht_2006();
    const grant& g = p.update_grant("G01", [](grant& g) {
        g.title = "Ç'ka ndodhur? — «Παράδειγμα» 预防 🌍 \"quoted\" <tag> & ampersand";
        g.award = money::parse("0.05", currency("KWD"));
        g.actual_start = parse_date("2005-02-15");
        g.description.clear();
    });
    p.add_transaction("G01", transaction{transaction_kind::refund, parse_date("2006-01-01"),
                                         money(decimal::parse("-12.345"), currency("JPY")), "negative, more decimals than JPY"});
    // An amount whose coefficient needs more than 64 bits goes to the store's side table.
    p.add_transaction("G02", transaction{transaction_kind::commitment, parse_date("2005-06-01"),
                                         money(decimal::parse("123456789012345678901234.5678"), currency("USD")), ""});
    for (auto f : formats) {
        program back = io::from_archive(io::to_archive(p, f));
        BOOST_TEST((back == p), io::to_string(f));
        BOOST_TEST(back.grant_by_id("G01").title == g.title);
    }
}

/// Whether two grants are the same but perhaps for their record's bytes: a record read since the
/// streaming IATI reader is the activity's text as written, one in an older archive is that element
/// as pugixml printed it again. The two must then read as the same activity.
/// Whether two grants say the same, their records read alike; the line a record starts on is not
/// compared (formats before 7 did not keep it).
static bool same_grant(const grant& a, const grant& b) {
    grant x = a, y = b;
    x.source.text.clear(), y.source.text.clear();
    x.source.line = y.source.line = 0;
    if (!(x == y)) return false;
    if (a.source.text == b.source.text) return true;
    auto ra = io::read_iati(a.source.text, "record"), rb = io::read_iati(b.source.text, "record");
    if (ra.program.grants().size() != 1 || rb.program.grants().size() != 1) return false;
    grant ga = ra.program.grants()[0], gb = rb.program.grants()[0];
    ga.source.text.clear(), gb.source.text.clear();
    return ga == gb && ra.program.transactions() == rb.program.transactions();
}

template <class OA, class IA>
static rate_table round_trip_rates(const rate_table& t) {
    std::stringstream s;
    {
        OA out(s);
        out << boost::serialization::make_nvp("rates", t);
    }
    rate_table back;
    IA in(s);
    in >> boost::serialization::make_nvp("rates", back);
    return back;
}

BOOST_AUTO_TEST_CASE(rates_keep_their_provenance) {
    rate_table t = io::imf_annual();
    t.add(exchange_rate(currency("EUR"), currency("ALL"), decimal::parse("123.456789"), validity::day(parse_date("2006-05-10")), "BoA fixing, 10 May 2006"));
    t.add(exchange_rate(currency("GBP"), currency("ALL"), decimal::parse("180.1"), validity::open_from(parse_date("2006-01-01")), "open-ended"));
    for (const rate_table& back : {round_trip_rates<boost::archive::xml_oarchive, boost::archive::xml_iarchive>(t),
                                   round_trip_rates<boost::archive::text_oarchive, boost::archive::text_iarchive>(t),
                                   round_trip_rates<boost::archive::binary_oarchive, boost::archive::binary_iarchive>(t)}) {
        BOOST_TEST(back.size() == t.size());
        BOOST_TEST((back.rates() == t.rates()));
        auto c = back.convert(money::parse("2097624", currency("USD")), currency("ALL"), parse_date("2006-05-10"));
        BOOST_TEST(c.result.to_string() == "205783998.27 ALL");
        BOOST_TEST(c.quote.legs[0].rate.source().find("Albania (AL)") != std::string::npos);
    }
}

BOOST_AUTO_TEST_CASE(archives_of_every_shipped_version_still_load) {
    const std::string dir = GRANTFOLIO_SOURCE_DIR "/tests/cpp/data/";
    program caaht = io::read_json(slurp(dir + "caaht-v1.json"), "caaht-v1.json");
    program synth = io::read_json(slurp(dir + "synth-v1.json"), "synth-v1.json");
    for (const char* version : {"v1", "v2", "v3", "v4", "v5", "v6"})
        for (const char* ext : {"xml", "txt", "bin"}) {
            BOOST_TEST_CONTEXT(version << "." << ext) {
                BOOST_TEST((io::load_archive(dir + "caaht-" + version + "." + ext) == caaht));
                BOOST_TEST((io::load_archive(dir + "synth-" + version + "." + ext) == synth));
            }
        }
    BOOST_TEST(synth.transactions().size() == 200u);
    BOOST_TEST(caaht.grants().size() == 24u);
    BOOST_TEST(synth.grants().size() == 40u);
    // Format 3's own fields, from IATI's annotated example: who reported it and the status it states.
    program iati = io::read_json(slurp(dir + "iati-v3.json"), "iati-v3.json");
    BOOST_REQUIRE(iati.grants().size() == 1u);
    BOOST_TEST(iati.grants()[0].reporting_org == "AA-AAA-123456789");
    BOOST_TEST((iati.grants()[0].status == activity_status::implementation));
    for (const char* ext : {"xml", "txt", "bin"})
        BOOST_TEST((io::load_archive(dir + "iati-v3." + ext) == iati), ext);
    // Format 4's: each grant's and parent activity's record as read (a UK programme and its projects).
    program records = io::read_json(slurp(dir + "iati-v4.json"), "iati-v4.json");
    BOOST_REQUIRE(records.grants().size() == 5u);
    BOOST_TEST(records.grants()[0].source.format == "iati");
    BOOST_TEST(records.grants()[0].source.version == "2.01");
    BOOST_TEST(records.grants()[0].source.text.find("<iati-activity") == 0u);
    BOOST_TEST(std::count_if(records.phases().begin(), records.phases().end(), [](const phase& ph) { return !ph.source.empty(); }) == 3);
    for (const char* ext : {"xml", "txt", "bin"})
        BOOST_TEST((io::load_archive(dir + "iati-v4." + ext) == records), ext);
    // Format 5's: participants with their roles, sectors and recipient places typed. Grants of
    // format 4 (JSON and archives) get them from their records, as a fresh read does; format 3 kept
    // no record: its sectors and places move out of tags and sites with what those held (no roles,
    // no sector percentages, no region vocabularies).
    const program fresh = io::read_iati(slurp(GRANTFOLIO_SHARED_DATA "/iati/activity-standard-example-annotated-2.03.xml"), "example.xml").program;
    const grant& f = fresh.grants()[0];
    program typed = io::read_json(slurp(dir + "iati-v5.json"), "iati-v5.json");
    BOOST_TEST(typed.grants()[0].participants.size() == 3u);
    BOOST_TEST(typed.grants()[0].participants[2].crs_channel == "000000");
    BOOST_TEST(typed.grants()[0].sectors.at(2).vocabulary_uri == "http://example.com/vocab.html");
    BOOST_TEST(typed.grants()[0].language == "en");
    BOOST_TEST((typed.grants()[0].titles == f.titles));
    BOOST_TEST((typed.grants()[0].descriptions == f.descriptions));
    BOOST_TEST((typed.transactions() == fresh.transactions()));  // every row's detail
    // Format 6's: a format 5 grant (archive or JSON version 1) takes its locations' detail, coded
    // tags, policy markers, humanitarian scopes, relations, documents and its classifications'
    // narratives from its record: it is the fresh read, rows and all.
    BOOST_TEST(same_grant(typed.grants()[0], f));
    for (const char* ext : {"xml", "txt", "bin"}) {
        BOOST_TEST((io::load_archive(dir + "iati-v5." + ext) == typed), ext);
        const program old = io::load_archive(dir + "iati-v3." + ext);
        const grant& g = old.grants()[0];
        BOOST_TEST(g.participants.empty(), ext);
        BOOST_TEST((g.sectors == std::vector<classification>{{"111", "2", "", std::nullopt}, {"112", "2", "", std::nullopt}, {"A1", "99", "", std::nullopt}}), ext);
        BOOST_TEST((g.recipient_countries == f.recipient_countries), ext);
        BOOST_REQUIRE(g.recipient_regions.size() == 2u);
        BOOST_TEST(g.recipient_regions[1].code == "A1");
        BOOST_TEST((g.recipient_regions[1].percentage == f.recipient_regions[1].percentage), ext);
        // Format 3 kept a location's ref where its description goes, and a tag as "tag:V:C": they
        // are the site's ref and a coded tag now; what format 3 never kept stays unknown.
        BOOST_REQUIRE(g.sites.size() == f.sites.size());
        for (std::size_t k = 0; k < g.sites.size(); ++k) {
            BOOST_TEST(g.sites[k].as_written == f.sites[k].as_written, ext);
            BOOST_TEST(g.sites[k].detail->ref == f.sites[k].detail->ref, ext);
            BOOST_TEST(g.sites[k].note.empty(), ext);
        }
        BOOST_TEST((g.tags == f.tags), ext);
        BOOST_REQUIRE(g.coded_tags.size() == f.coded_tags.size());
        for (std::size_t k = 0; k < g.coded_tags.size(); ++k)
            BOOST_TEST((g.coded_tags[k].code == f.coded_tags[k].code && g.coded_tags[k].vocabulary == f.coded_tags[k].vocabulary), ext);
        // Notes of format 3 ("budget type 1 status 1 period ...") are the rows' details now; what
        // format 3 never kept (parties, a transaction's types) stays unknown.
        std::size_t budgets = 0;
        for (const auto& t : old.transactions_of(g.id)) {
            BOOST_TEST(t.note.rfind("budget", 0) != 0u, ext << ": " << t.note);
            BOOST_TEST(t.note.rfind("planned-disbursement", 0) != 0u, ext << ": " << t.note);
            if (t.kind == transaction_kind::budget) {
                ++budgets;
                BOOST_TEST((t.detail->period_start && !t.detail->type.empty() && !t.detail->status.empty()), ext);
            }
        }
        BOOST_TEST(budgets == 1u, ext);
    }
    // Format 6's own golden: the annotated example's locations, tags, markers, scopes, relations
    // and documents, and its classifications' narratives; the archives equal the JSON.
    const program six = io::read_json(slurp(dir + "iati-v6.json"), "iati-v6.json");
    BOOST_TEST(same_grant(six.grants()[0], f));
    BOOST_TEST(six.grants()[0].sites.at(0).detail->point.has_value());
    BOOST_TEST(six.grants()[0].policy_markers.size() == 3u);
    BOOST_TEST(six.generated_at == "2014-09-10T07:15:37Z");  // the file's generated-datetime
    for (const char* ext : {"xml", "txt", "bin"}) BOOST_TEST((io::load_archive(dir + "iati-v6." + ext) == six), ext);
    // A format 4 grant with its record: typed from it; the UK projects fund and implement.
    const program old4 = io::load_archive(dir + "iati-v4.bin");
    const program fresh4 = io::read_iati(slurp(GRANTFOLIO_SOURCE_DIR "/tests/cpp/data/iati/dfid-gb-1-109616-2.01.xml"), "dfid.xml").program;
    BOOST_REQUIRE(old4.grants().size() == fresh4.grants().size());
    for (std::size_t k = 0; k < old4.grants().size(); ++k) {
        BOOST_TEST(!old4.grants()[k].participants.empty());
        BOOST_TEST((old4.grants()[k].participants == fresh4.grants()[k].participants));
        BOOST_TEST((old4.grants()[k].recipient_countries == fresh4.grants()[k].recipient_countries));
        BOOST_TEST((old4.grants()[k].sectors == fresh4.grants()[k].sectors));
        BOOST_TEST((old4.grants()[k].titles == fresh4.grants()[k].titles));
        BOOST_TEST((old4.grants()[k].descriptions == fresh4.grants()[k].descriptions));
        BOOST_TEST(same_grant(old4.grants()[k], fresh4.grants()[k]));
    }
    BOOST_TEST((old4.transactions() == fresh4.transactions()));  // notes and details from the records
    // Format 7's: each record's line, and a listing's grants with their records. The archives equal
    // the JSON, which holds the lines; a fresh read of either source still gives them.
    const program caaht7 = io::read_json(slurp(dir + "caaht-v7.json"), "caaht-v7.json");
    const program iati7 = io::read_json(slurp(dir + "iati-v7.json"), "iati-v7.json");
    BOOST_TEST(caaht7.grants().at(0).source.format == "listing");
    BOOST_TEST(caaht7.grants().at(0).source.line == 58u);
    BOOST_TEST(caaht7.grants().at(23).source.line == 534u);
    BOOST_TEST(caaht7.phases().at(2).source.line == 288u);  // "Grantmarrësit e KVKTNj - Faza 3"
    BOOST_TEST(caaht7.introduction.line == 1u);
    BOOST_TEST(caaht7.introduction.text.find("US$ 2,097,624") != std::string::npos);
    BOOST_TEST(iati7.grants().at(0).source.line == 28u);
    BOOST_TEST(iati7.phases().at(1).source.line == 140u);
    BOOST_REQUIRE(iati7.grants().size() == fresh4.grants().size());
    for (std::size_t k = 0; k < iati7.grants().size(); ++k) BOOST_TEST(iati7.grants()[k].source.line == fresh4.grants()[k].source.line);
    for (const char* ext : {"xml", "txt", "bin"}) {
        BOOST_TEST((io::load_archive(dir + "caaht-v7." + ext) == caaht7), ext);
        BOOST_TEST((io::load_archive(dir + "iati-v7." + ext) == iati7), ext);
    }
    // Older archives and JSON know no line: their records load with 0.
    BOOST_TEST(old4.grants().at(0).source.line == 0u);
}

BOOST_AUTO_TEST_CASE(empty_truncated_and_wrong_type_archives) {
    BOOST_TEST(error_of("").find("is empty") != std::string::npos);
    BOOST_TEST(error_of("{\"format\": \"grantfolio-program\"}").find("not a grantfolio archive") != std::string::npos);
    for (auto f : formats) {
        std::string bytes = io::to_archive(datasets::caaht_2006(), f);
        for (std::size_t cut : {std::size_t(10), bytes.size() / 3, bytes.size() / 2, bytes.size() - 1, bytes.size() - 30})
            BOOST_TEST(error_of(bytes.substr(0, cut)) != "no error", io::to_string(f) << " cut at " << cut);
        // Cut, then resealed: the reader itself must notice the missing data.
        for (std::size_t k = 1; k < 20; ++k) {
            std::size_t cut = bytes.size() * k / 20;
            BOOST_TEST(error_of(resealed(bytes.substr(0, cut) + "\ngrantfolio-crc32 00000000\n")) != "no error",
                       io::to_string(f) << " resealed cut at " << cut);
        }
    }
    // A Boost archive of something else.
    std::ostringstream other;
    {
        boost::archive::text_oarchive out(other);
        std::string s = "not a programme";
        out << s;
    }
    BOOST_TEST(error_of(resealed(other.str() + "\ngrantfolio-crc32 00000000\n")) != "no error");
}

BOOST_AUTO_TEST_CASE(flipped_bits_are_caught) {
    std::mt19937 rng(7);
    for (auto f : formats) {
        std::string bytes = io::to_archive(datasets::caaht_2006(), f);
        for (int i = 0; i < 60; ++i) {
            std::string bad = bytes;
            bad[rng() % bad.size()] ^= static_cast<char>(1 << (rng() % 8));
            BOOST_TEST(error_of(bad) != "no error", io::to_string(f));
        }
    }
}

BOOST_AUTO_TEST_CASE(damage_behind_a_valid_checksum_is_an_error_not_a_crash) {
    // Hostile archives pass the checksum: the guards behind it must hold on their own.
    std::mt19937 rng(11);
    int refused = 0;
    for (auto f : formats) {
        std::string bytes = io::to_archive(datasets::caaht_2006(), f);
        std::string body = bytes.substr(0, bytes.rfind("\ngrantfolio-crc32 "));
        for (int i = 0; i < 150; ++i) {
            std::string bad = body;
            std::size_t at = 40 + rng() % (bad.size() - 40);
            if (f == archive_format::binary && at + 8 <= bad.size() && i % 2 == 0) {
                std::uint64_t huge = 0x7fffffffffffULL + rng();  // a count claiming billions
                std::memcpy(bad.data() + at, &huge, 8);
            } else {
                bad[at] = static_cast<char>(rng());
            }
            std::string e = error_of(resealed(bad + "\ngrantfolio-crc32 00000000\n"));
            refused += e != "no error";  // a changed title or note may load: then it is simply data
        }
    }
    BOOST_TEST(refused > 200);
}

BOOST_AUTO_TEST_CASE(counts_claiming_billions_are_refused_before_allocating) {
    std::string xml = io::to_archive(datasets::caaht_2006(), archive_format::xml);
    std::string body = xml.substr(0, xml.rfind("\ngrantfolio-crc32 "));
    auto at = body.find("<grants_count>24</grants_count>");
    BOOST_REQUIRE(at != std::string::npos);
    std::string bad = body;
    bad.replace(at, 31, "<grants_count>4000000000</grants_count>");
    std::string e = error_of(resealed(bad + "\ngrantfolio-crc32 00000000\n"));
    BOOST_TEST(e.find("claims 4000000000 grants") != std::string::npos, e);
    // A string claiming a terabyte in a binary archive.
    std::string bin = io::to_archive(datasets::caaht_2006(), archive_format::binary);
    std::string bbody = bin.substr(0, bin.rfind("\ngrantfolio-crc32 "));
    std::uint64_t five = 5;  // the length of "CAAHT", the programme's id
    auto pos = bbody.find(std::string(reinterpret_cast<const char*>(&five), 8) + "CAAHT");
    BOOST_REQUIRE(pos != std::string::npos);
    std::uint64_t tera = 1ULL << 40;
    std::memcpy(bbody.data() + pos, &tera, 8);
    e = error_of(resealed(bbody + "\ngrantfolio-crc32 00000000\n"));
    BOOST_TEST(e.find("bytes of text") != std::string::npos, e);
}

BOOST_AUTO_TEST_CASE(archives_from_a_newer_grantfolio_are_refused) {
    std::string xml = io::to_archive(datasets::caaht_2006(), archive_format::xml);
    std::string body = xml.substr(0, xml.rfind("\ngrantfolio-crc32 "));
    const std::string current = "version=\"" + std::to_string(serialization::format_version) + "\"";
    auto at = body.find("<program class_id=\"0\" tracking_level=\"0\" " + current + ">");
    BOOST_REQUIRE(at != std::string::npos);
    std::string newer = body;
    newer.replace(newer.find(current, at), current.size(), "version=\"" + std::to_string(serialization::format_version + 1) + "\"");
    std::string e = error_of(resealed(newer + "\ngrantfolio-crc32 00000000\n"));
    BOOST_TEST(e.find("newer grantfolio") != std::string::npos, e);
    std::string boost_newer = body;
    boost_newer.replace(boost_newer.find("version=\"18\""), 12, "version=\"99\"");
    e = error_of(resealed(boost_newer + "\ngrantfolio-crc32 00000000\n"));
    BOOST_TEST(e.find("newer version of Boost.Serialization") != std::string::npos, e);
}

BOOST_AUTO_TEST_CASE(saving_replaces_the_file_whole) {
    auto dir = std::filesystem::temp_directory_path() / ("grantfolio-save-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    auto path = dir / "p.bin";
    const program& p = datasets::caaht_2006();
    io::save_archive(p, path, archive_format::binary);
    BOOST_TEST((io::load_archive(path) == p));
    io::save_archive(p, path, archive_format::xml);  // replaced, in another format
    BOOST_TEST(io::detect_archive(slurp(path.string())).value() == archive_format::xml);
    // A failed write leaves the old file and no temporary behind.
    BOOST_CHECK_THROW(io::write_file_atomically(path, [](std::ostream&) { throw error("disk on fire"); }), error);
    BOOST_TEST((io::load_archive(path) == p));
    std::size_t files = 0;
    for (auto& e : std::filesystem::directory_iterator(dir)) files += e.is_regular_file();
    BOOST_TEST(files == 1u);
    std::filesystem::remove_all(dir);
}

BOOST_AUTO_TEST_CASE(a_save_removes_the_temporary_files_of_killed_saves_of_the_file) {
    auto dir = std::filesystem::temp_directory_path() / ("grantfolio-stale-" + std::to_string(::getpid()));
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    const auto path = dir / "p.bin";
    const program& p = datasets::caaht_2006();
    io::save_archive(p, path, archive_format::binary);
    auto temporaries = [&] {
        std::set<std::string> names;
        for (auto& e : std::filesystem::directory_iterator(dir))
            if (e.path().filename().string().rfind(".p.bin.tmp-", 0) == 0) names.insert(e.path().filename().string());
        return names;
    };
    // A save that dies half-way (as under SIGKILL: no unwinding) leaves its temporary file.
    const pid_t dead = ::fork();
    BOOST_REQUIRE(dead >= 0);
    if (dead == 0) {
        io::write_file_atomically(path, [](std::ostream& out) {
            out << "half a programme" << std::flush;
            ::_exit(0);
        });
        ::_exit(1);
    }
    int status = 0;
    ::waitpid(dead, &status, 0);
    const auto left = temporaries();
    BOOST_REQUIRE(left.size() == 1u);
    BOOST_TEST(left.begin()->find("-" + std::to_string(dead) + "-") != std::string::npos, *left.begin());
    // A save of the same file still running in another process, and a file of the old form
    // (".p.bin.tmp-XXXXXX", no process to ask about): both must stay.
    int gate[2];
    BOOST_REQUIRE(::pipe(gate) == 0);
    const pid_t alive = ::fork();
    BOOST_REQUIRE(alive >= 0);
    if (alive == 0) {
        ::close(gate[1]);
        io::write_file_atomically(path, [&](std::ostream& out) {
            out << "still writing" << std::flush;
            char c;
            while (::read(gate[0], &c, 1) > 0) {
            }
            ::_exit(0);
        });
        ::_exit(1);
    }
    ::close(gate[0]);
    for (int wait = 0; wait < 500 && temporaries().size() < 2; ++wait) ::usleep(10000);
    BOOST_REQUIRE(temporaries().size() == 2u);
    std::ofstream(dir / ".p.bin.tmp-AbC123") << "old form";
    io::save_archive(p, path, archive_format::binary);
    auto now = temporaries();
    BOOST_TEST(now.size() == 2u);
    BOOST_TEST(!now.count(*left.begin()), "the dead save's file is still there");
    BOOST_TEST(now.count(".p.bin.tmp-AbC123") == 1u);
    // Once the other save has died too, the next save removes its file.
    ::close(gate[1]);
    ::waitpid(alive, &status, 0);
    io::save_archive(p, path, archive_format::binary);
    now = temporaries();
    BOOST_TEST(now.size() == 1u);
    BOOST_TEST(now.count(".p.bin.tmp-AbC123") == 1u);
    BOOST_TEST((io::load_archive(path) == p));
    std::filesystem::remove_all(dir);
}

BOOST_AUTO_TEST_CASE(a_process_killed_while_saving_leaves_the_old_file_or_the_new) {
    auto dir = std::filesystem::temp_directory_path() / ("grantfolio-kill-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    auto path = dir / "big.bin";
    program a = synthetic::generate({3000, 20000, 1, 0, 0});
    program b = synthetic::generate({3000, 20000, 2, 0, 0});
    io::save_archive(a, path, archive_format::binary);
    std::mt19937 rng(3);
    int kills = 0;
    for (int round = 0; round < 12; ++round) {
        pid_t child = ::fork();
        BOOST_REQUIRE(child >= 0);
        if (child == 0) {
            for (int k = 0;; ++k) io::save_archive(k % 2 ? a : b, path, archive_format::binary);
        }
        ::usleep(20000 + rng() % 200000);
        ::kill(child, SIGKILL);
        int status = 0;
        ::waitpid(child, &status, 0);
        kills += WIFSIGNALED(status);
        program now = io::load_archive(path);
        BOOST_TEST((now == a || now == b), "round " << round);
    }
    BOOST_TEST(kills == 12);
    std::filesystem::remove_all(dir);
}

BOOST_AUTO_TEST_CASE(large_programmes_load_on_two_threads_and_still_refuse_bad_references) {
    // Over 20,000 grants, loading checks them on a second thread: same programme, same refusals.
    program p = synthetic::generate({25000, 2000, 5, 0, 0});
    std::string bytes = io::to_archive(p, archive_format::binary);
    BOOST_TEST((io::from_archive(bytes) == p));
    // The API never makes such a programme (update_grant checks): a binary archive's bytes are
    // edited (its strings are raw; a text archive's are base64), the first occurrence of a grant's
    // reference after its id replaced by one of the same length, and the archive resealed.
    auto edited = [](std::string bytes, const std::string& grant_id, const std::string& from, const std::string& to) {
        BOOST_REQUIRE(from.size() == to.size());
        const auto id_at = bytes.find(grant_id);
        BOOST_REQUIRE(id_at != std::string::npos);
        const auto at = bytes.find(from, id_at);
        BOOST_REQUIRE(at != std::string::npos);
        return resealed(bytes.replace(at, from.size(), to));
    };
    const std::string grantee = p.grant_by_id("G24000").grantee;
    const std::string nobody = "o" + std::string(grantee.size() - 1, '9');  // no such organisation
    std::string e = error_of(edited(io::to_archive(p, archive_format::binary), "G24000", grantee, nobody));
    BOOST_TEST(e.find(nobody) != std::string::npos, e);
    const grant& g20001 = p.grant_by_id("G20001");
    BOOST_REQUIRE(!g20001.sites.empty());
    const std::string place = g20001.sites[0].place;
    const std::string nowhere(place.size(), 'X');
    e = error_of(edited(io::to_archive(p, archive_format::binary), "G20001", place, nowhere));
    BOOST_TEST(e.find(nowhere) != std::string::npos, e);
}

BOOST_AUTO_TEST_CASE(notes_of_format_4_become_details_only_in_the_readers_own_form) {
    auto upgraded = [](transaction_kind k, std::string note) {
        transaction t{k, parse_date("2012-01-01"), money::parse("1", currency("EUR")), std::move(note)};
        grantfolio::detail::upgrade_transaction(t);
        return t;
    };
    auto t = upgraded(transaction_kind::disbursement, "Second tranche; transaction-date 2011-12-30");
    BOOST_TEST(t.note == "Second tranche");
    BOOST_TEST(format_date(*t.detail->transaction_date) == "2011-12-30");
    t = upgraded(transaction_kind::disbursement, "transaction-date 2011-12-30");
    BOOST_TEST((t.note.empty() && t.detail->transaction_date));
    t = upgraded(transaction_kind::budget, "budget type 2 status 1 period 2014-01-01/2014-12-31");
    BOOST_TEST((t.note.empty() && t.detail->type == "2" && t.detail->status == "1"));
    BOOST_TEST(format_date(*t.detail->period_end) == "2014-12-31");
    t = upgraded(transaction_kind::planned_disbursement, "planned-disbursement period 2014-01-01/2014-03-31");
    BOOST_TEST((t.note.empty() && t.detail->type.empty() && format_date(*t.detail->period_end) == "2014-03-31"));
    // Anything else is a note a person wrote, and stays one.
    for (const char* note : {"paid transaction-date 2011-12-30", "budget for 2014", "budget type 2 status 1 period soon",
                             "transaction-date 2011-13-45", "planned-disbursement type 1 and more"}) {
        t = upgraded(std::string_view(note).rfind("budget", 0) == 0 ? transaction_kind::budget
                     : std::string_view(note).rfind("planned", 0) == 0 ? transaction_kind::planned_disbursement
                                                                        : transaction_kind::disbursement,
                     note);
        BOOST_TEST(t.note == note);
        BOOST_TEST(t.detail.empty(), note);
    }
}

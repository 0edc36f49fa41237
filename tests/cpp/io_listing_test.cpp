#define BOOST_TEST_MODULE io_listing
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <fstream>
#include <set>
#include <sstream>

#include "grantfolio/datasets.hpp"
#include "grantfolio/io/listing.hpp"
#include "grantfolio/io/source.hpp"
#include "grantfolio/text.hpp"

using namespace grantfolio;


static std::string shared_listing() {
    std::ifstream in(GRANTFOLIO_SHARED_DATA "/listings/caaht-grants-2006-05-10.sq.txt", std::ios::binary);
    BOOST_REQUIRE_MESSAGE(in, "the shared listing is missing");
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

static io::read_result read(const std::string& text) { return io::read_listing(text, "t.txt", datasets::caaht_2006_profile()); }

static std::vector<std::string> site_ids(const grant& g) {
    std::vector<std::string> out;
    for (const auto& s : g.sites) out.push_back(s.place.empty() ? "?" + s.as_written : s.place);
    return out;
}

// Every grant of the real listing: phase, dates, closure, grantee, sites.
struct expected {
    const char* id;
    int phase;
    const char* title_start;
    const char* first;
    const char* last;
    const char* grantee;
    std::vector<std::string> sites;
};

static const std::vector<expected> caaht{
    {"G01", 1, "Zgjerimi dhe Konsolidimi", "2005-02-01", "2006-07-31", "d-e", {"AL"}},
    {"G02", 1, "Formim Arsimor më i Lartë", "2005-03-01", "2006-02-28", "isssp", {"AL"}},
    {"G03", 1, "Programi i Parandalimit të Trafikimit në Zonat Rurale", "2005-03-01", "2005-12-31", "ipag",
     {"D-LEZHE", "M-RRESHEN", "D-LUSHNJE", "M-PERRENJAS", "D-DEVOLL"}},
    {"G04", 1, "Ngritja e një Rrjeti", "2005-03-01", "2006-02-28", "icmc", {"Q-DURRES"}},
    {"G05", 1, "Propozime për Parandalimin", "2005-05-01", "2006-07-31", "tjeter-vizion", {"D-ELBASAN", "D-GRAMSH"}},
    {"G06", 2, "Trajnime për Edukimin", "2005-05-01", "2006-07-31", "ywca", {"A-TIRANE-PERIFERI"}},
    {"G07", 2, "Përmirësimi i Nivelit", "2005-06-01", "2006-02-28", "gazetaret",
     {"D-GJIROKASTER", "D-PERMET", "D-TEPELENE", "D-DELVINE", "D-SARANDE"}},
    {"G08", 2, "Mekanizmat e Referimit", "2005-06-01", "2006-07-31", "klinika",
     {"D-TIRANE", "D-ELBASAN", "D-DURRES", "D-KRUJE", "D-KORCE", "M-BILISHT", "D-POGRADEC", "D-SHKODER",
      "D-MALESI-E-MADHE", "D-LEZHE"}},
    {"G09", 2, "Fushatë Ndërgjegjësimi", "2005-06-01", "2006-07-31", "vatra",
     {"D-VLORE", "D-FIER", "M-ROSKOVEC", "M-PATOS", "C-NOVOSELE", "C-LEVAN"}},
    {"G10", 2, "Rritja e Ndërgjegjësimit Nëpërmjet", "2005-07-01", "2006-06-30", "rruga-me-pisha", {"AL"}},
    {"G11", 2, "Së Bashku Hap pas Hapi", "2005-07-01", "2006-06-30", "murialdo", {"D-FIER"}},
    {"G12", 2, "Trafikimi në Shqipërinë Verilindore", "2005-06-20", "2005-08-14", "ccf",
     {"D-TROPOJE", "D-KUKES", "D-HAS", "D-DIBER"}},
    {"G13", 3, "Për rritjen e kapacitetit", "2005-09-01", "2006-06-30", "anttarc",
     {"D-DIBER", "D-KUKES", "D-SHKODER", "D-BERAT", "D-GJIROKASTER", "D-KORCE"}},
    {"G14", 3, "Ngritja e Kapacitetve", "2005-10-01", "2006-07-31", "afcr",
     {"D-DIBER", "D-SHKODER", "D-BERAT", "D-KUKES", "D-GJIROKASTER", "D-KORCE"}},
    {"G15", 3, "Trafikimi Vret të Ardhmen", "2005-10-01", "2006-07-31", "tgfkvn", {"D-SHKODER"}},
    {"G16", 3, "Ndal Trafikimit", "2005-10-01", "2006-07-31", "gip",
     {"M-POGRADEC", "C-BUCIMAS", "C-HUDENISHT", "C-CERRAVE", "C-TREBINJE", "C-PROPTISHT"}},
    {"G17", 3, "Hap pas Hapi", "2005-10-01", "2006-07-31", "ngvp", {"M-PUKE"}},
    {"G18", 3, "“Thuaji Jo Trafikimit”", "2005-10-01", "2006-07-31", "gnzh", {"D-SHKODER", "D-PUKE", "D-MALESI-E-MADHE"}},
    {"G19", 3, "Trajtimi i Migrimit", "2005-11-01", "2006-07-31", "ccf", {"D-KUKES", "D-HAS", "D-DIBER", "D-TROPOJE"}},
    {"G20", 3, "Fuqizimi i Përgjigjeve", "2005-11-01", "2006-07-31", "vma", {"D-KUKES", "D-HAS", "D-TROPOJE"}},
    {"G21", 3, "Parandalimi i Dukurisë", "2005-10-01", "2006-07-31", "qk-gjirokaster", {"D-GJIROKASTER"}},
    {"G22", 3, "Bashkë për Dinjitet Njerëzor", "2005-10-01", "2006-07-31", "dorcas", {"M-KORCE"}},
    {"G23", 3, "Rritje e Ndërgjegjësimit për Parandalimin", "2006-01-01", "2006-06-30", "nmgqf", {"D-BERAT"}},
    {"G24", 3, "Strehëza akomoduese", "2006-04-01", "2006-07-31", "vatra", {"D-VLORE"}},
};

static void check_caaht(const program& p) {
    BOOST_REQUIRE_EQUAL(p.grants().size(), caaht.size());
    for (std::size_t i = 0; i < caaht.size(); ++i) {
        const grant& g = p.grants()[i];
        const expected& e = caaht[i];
        BOOST_TEST_CONTEXT("grant " << e.id) {
            BOOST_TEST(g.id == e.id);
            BOOST_TEST(g.phase == e.phase);
            BOOST_TEST(g.title.rfind(e.title_start, 0) == 0u, "title: " << g.title);
            BOOST_REQUIRE(g.planned.has_value());
            BOOST_TEST(format_date(g.planned->first()) == e.first);
            BOOST_TEST(format_date(g.planned->last()) == e.last);
            BOOST_TEST(g.grantee == e.grantee);
            BOOST_TEST(site_ids(g) == e.sites, boost::test_tools::per_element());
        }
    }
}

BOOST_AUTO_TEST_CASE(the_caaht_listing_field_by_field) {
    auto r = read(shared_listing());
    const program& p = r.program;
    check_caaht(p);
    BOOST_TEST(p.phases().size() == 3u);
    BOOST_TEST(format_date(p.revised_on.value()) == "2006-05-10");
    BOOST_REQUIRE(p.totals.size() == 2u);
    BOOST_TEST(p.totals[0] == money::parse("2097624", currency("USD")));
    BOOST_TEST(p.totals[1] == money::parse("209762381", currency("ALL")));
    BOOST_TEST(p.acronym("sq") == "KVKTNj");
    // The one early closure, and its title without the note.
    const grant& g15 = p.grant_by_id("G15");
    BOOST_TEST(format_date(g15.actual_end.value()) == "2006-02-28");
    BOOST_TEST(g15.title == "Trafikimi Vret të Ardhmen");
    BOOST_TEST(g15.closed_early());
    for (const auto& g : p.grants())
        if (g.id != "G15") BOOST_TEST(!g.actual_end.has_value());
    // 22 distinct grantees: Vatra and CCF appear twice, each under two spellings.
    std::set<std::string> grantees;
    for (const auto& g : p.grants()) grantees.insert(g.grantee);
    BOOST_TEST(grantees.size() == 22u);
    BOOST_TEST(p.organization_by_id("vatra").spellings.size() == 2u);
    BOOST_TEST(p.organization_by_id("ccf").spellings.size() == 2u);
    // Notes on sites: Pukë with its five communes, Durrës as a pilot.
    BOOST_TEST(p.grant_by_id("G17").sites[0].note == "5 komuna");
    BOOST_TEST(p.grant_by_id("G04").sites[0].note == "Projekt Pilot");
    // Descriptions are kept, wrapped lines joined.
    BOOST_TEST(p.grant_by_id("G05").description.find("CEFA-") != std::string::npos);
    // Each grant keeps its record: the listing's lines from its title to its last description
    // line, as read, and the line it starts on; records follow one another and do not overlap.
    std::vector<std::string> file_lines;
    {
        std::istringstream in(shared_listing());
        for (std::string l; std::getline(in, l);) file_lines.push_back(l);
    }
    std::size_t after = 0;
    for (const auto& g : p.grants()) {
        BOOST_TEST_CONTEXT(g.id) {
            BOOST_TEST(g.source.format == "listing");
            BOOST_TEST(g.source.version.empty());
            BOOST_REQUIRE(g.source.line > after);
            BOOST_REQUIRE(g.source.line <= file_lines.size());
            const auto lines = static_cast<std::size_t>(std::count(g.source.text.begin(), g.source.text.end(), '\n')) + 1;
            std::string expected;
            for (std::size_t k = g.source.line; k < g.source.line + lines; ++k) expected += (expected.empty() ? "" : "\n") + file_lines.at(k - 1);
            BOOST_TEST(g.source.text == expected);  // the file is NFC already and has no tabs
            BOOST_TEST(g.source.text.find("Titulli i Projektit:") == g.source.text.find_first_not_of(' '));  // as written: G08 is indented
            BOOST_TEST(g.source.text.find("OJQ-ja:") != std::string::npos);
            after = g.source.line + lines - 1;
        }
    }
    BOOST_TEST(p.grant_by_id("G01").source.line == 58u);
    // The phase headings and the introduction (where the totals were read) keep theirs too.
    for (std::size_t k = 0; k < 3; ++k) {
        const auto& h = p.phases()[k].source;
        BOOST_TEST(h.text == file_lines.at(h.line - 1));
        BOOST_TEST(h.text.find("Faza " + std::to_string(k + 1)) != std::string::npos);
    }
    BOOST_TEST(p.introduction.line == 1u);
    BOOST_TEST(p.introduction.text.find("US$ 2,097,624-- (209.762.381 Lek)") != std::string::npos);
    BOOST_TEST(p.introduction.text.substr(p.introduction.text.rfind('\n') + 1) == file_lines.at(45));  // line 46, the last before the first footer
    // Nothing odd but what is expected.
    for (const auto& d : r.diagnostics) BOOST_TEST(d.level != severity::error, to_string(d));
}

BOOST_AUTO_TEST_CASE(the_embedded_programme_is_the_listing) {
    const program& p = datasets::caaht_2006();
    check_caaht(p);
    BOOST_TEST(p.id == "CAAHT");
    BOOST_TEST(p.acronym("en") == "CAAHT");
    BOOST_TEST(p.acronym("sq") == "KVKTNj");
    BOOST_TEST(p.organization_by_id(p.donor).acronym.value() == "USAID");
    BOOST_TEST(p.organization_by_id(p.implementer).name == "Creative Associates International");
    BOOST_TEST(p.grant_by_id("G24").co_funders == std::vector<std::string>{"kvinna"});
    BOOST_TEST(p.grant_by_id("G22").partners.size() == 3u);
    BOOST_TEST(std::string(datasets::caaht_2006_listing()) == shared_listing());
}

// ---- robustness: the same listing, damaged the ways extracted documents are ----

static std::string replace_all(std::string s, const std::string& a, const std::string& b) {
    for (std::size_t at = s.find(a); at != std::string::npos; at = s.find(a, at + b.size())) s.replace(at, a.size(), b);
    return s;
}

BOOST_AUTO_TEST_CASE(bom_crlf_tabs_and_nfd) {
    std::string t = shared_listing();
    std::string crlf = "\xEF\xBB\xBF" + replace_all(t, "\n", "\r\n");
    check_caaht(read(crlf).program);
    // Records as read: the same lines, without the carriage returns or the byte order mark.
    const auto plain = read(t).program, crlf_read = read(crlf).program;
    for (std::size_t k = 0; k < plain.grants().size(); ++k) BOOST_TEST((crlf_read.grants()[k].source == plain.grants()[k].source));
    check_caaht(read(replace_all(t, "    ", "\t")).program);
    // NFD: ë as e + combining diaeresis, ç as c + combining cedilla.
    std::string nfd = replace_all(replace_all(t, "ë", "e\xCC\x88"), "ç", "c\xCC\xA7");
    BOOST_REQUIRE(nfd != t);
    auto r = read(nfd);
    check_caaht(r.program);
    BOOST_TEST(r.program.grant_by_id("G09").title.find("Fushatë") == 0u);
}

BOOST_AUTO_TEST_CASE(page_furniture_anywhere) {
    std::string t = shared_listing();
    const std::string footer = "\n_____________Grantmarrësit e KVKTNJ-së për Fazën 1, 2 dhe 3_____________________ \n\n"
                               "Të Gjitha Grantet e Dhëna të KVKTNj Rishikuar 10 Maj 2006 faqe 7 nga 9 \n\n";
    // Inside a wrapped title and inside a description.
    std::string moved = replace_all(t, "Zgjerimi dhe Konsolidimi i Asistencës dhe Riintegrimit për Ish-Viktimat e \n",
                                    "Zgjerimi dhe Konsolidimi i Asistencës dhe Riintegrimit për Ish-Viktimat e \n" + footer);
    moved = replace_all(moved, "Ky projekt ka dy fokuse kryesore", footer + "Ky projekt ka dy fokuse kryesore");
    BOOST_REQUIRE(moved != t);
    auto r = read(moved);
    check_caaht(r.program);
    BOOST_TEST(r.program.grant_by_id("G05").description.find("faqe") == std::string::npos);
}

BOOST_AUTO_TEST_CASE(english_labels) {
    const std::string text =
        "CAAHT Grants to NGOs in Albania\n"
        "A total of US$ 150,000-- (15.000.000 Lek) was awarded.\n\n"
        "CAAHT Grantees - Phase 1\n\n"
        "Project Title: Awareness in\n\n   Rural Schools (project closed on 15 March 2006)\n"
        "Implementation Sites: Korça, Municipality of Puka and Outskirts of Tirana\n"
        "Duration: 1 October 2005 to 31 July 2006\n"
        "NGO: Some Local Group (SLG)\n\n"
        "The group works in schools.\n"
        "All CAAHT Grants Revised 10 May 2006 page 1 of 1\n"
        "Project Title: Second\n"
        "Implementation Site: Atlantis\n"
        "Duration: 1 November to 31 January 2006\n"
        "NGO: Other Group\n";
    auto r = read(text);
    const program& p = r.program;
    BOOST_REQUIRE(p.grants().size() == 2u);
    const grant& a = p.grants()[0];
    BOOST_TEST(a.title == "Awareness in Rural Schools");
    BOOST_TEST(format_date(a.actual_end.value()) == "2006-03-15");
    BOOST_TEST(site_ids(a) == (std::vector<std::string>{"D-KORCE", "M-PUKE", "A-TIRANE-PERIFERI"}), boost::test_tools::per_element());
    BOOST_TEST(p.organization_by_id(a.grantee).acronym.value() == "SLG");
    BOOST_TEST(a.description == "The group works in schools.");
    const grant& b = p.grants()[1];
    BOOST_TEST(to_string(*b.planned) == "2005-11-01/2006-01-31");  // a start without a year, across New Year
    BOOST_TEST(b.sites[0].place.empty());                          // unknown, kept as written
    BOOST_TEST(b.sites[0].as_written == "Atlantis");
    bool warned = false;
    for (const auto& d : r.diagnostics)
        warned = warned || (d.level == severity::warning && d.message.find("Atlantis") != std::string::npos &&
                            d.where.line == 16u && d.where.column == 22u);
    BOOST_TEST(warned);
    BOOST_TEST(p.totals.size() == 2u);
    BOOST_TEST(format_date(p.revised_on.value()) == "2006-05-10");
    BOOST_TEST(p.acronym("en") == "CAAHT");
}

BOOST_AUTO_TEST_CASE(durations_as_written) {
    BOOST_TEST(to_string(io::parse_duration("1 shkurt 2005 deri 31 korrik 2006", datasets::caaht_2006_profile())) == "2005-02-01/2006-07-31");
    BOOST_TEST(to_string(io::parse_duration("20 qershor deri 14 gusht 2005", datasets::caaht_2006_profile())) == "2005-06-20/2005-08-14");
    BOOST_TEST(to_string(io::parse_duration("1 Nëntor 2005 deri 31 Korrik 2006", datasets::caaht_2006_profile())) == "2005-11-01/2006-07-31");
    BOOST_TEST(to_string(io::parse_duration("1 dhjetor deri 31 janar 2006", datasets::caaht_2006_profile())) == "2005-12-01/2006-01-31");
    BOOST_TEST(to_string(io::parse_duration("1 February 2005 to 31 July 2006", datasets::caaht_2006_profile())) == "2005-02-01/2006-07-31");
    BOOST_CHECK_THROW(io::parse_duration("1 shkurt 2005 deri 31 shkurt 2006", datasets::caaht_2006_profile()), parse_error);   // 31 February
    BOOST_CHECK_THROW(io::parse_duration("1 korrik 2006 deri 31 maj 2006", datasets::caaht_2006_profile()), parse_error);      // ends before
    BOOST_CHECK_THROW(io::parse_duration("1 shkurt 2005 deri 31 korrik 20060000000000000000", datasets::caaht_2006_profile()), parse_error);
    BOOST_CHECK_THROW(io::parse_duration("1 brumar 2005 deri 31 korrik 2006", datasets::caaht_2006_profile()), parse_error);   // no such month
    BOOST_CHECK_THROW(io::parse_duration("gjatë vitit 2005", datasets::caaht_2006_profile()), parse_error);
    try {
        io::parse_duration("1 shkurt 2005 deri 31 korrik 20060000000000000000", datasets::caaht_2006_profile());
    } catch (const parse_error& e) {
        BOOST_TEST(std::string(e.what()).find("20 digits") != std::string::npos);
    }
}

BOOST_AUTO_TEST_CASE(bad_input_is_reported_with_line_and_column) {
    // An impossible date: the grant stays, without dates, and the error says where.
    const std::string text = "X - Faza 1\nTitulli i Projektit: A\nVendet e zbatimit: Berati\n"
                             "Kohëzgjatja:    1 shkurt 2005 deri 31 shkurt 2006\nOJQ-ja: B\n";
    auto r = read(text);
    BOOST_REQUIRE(r.program.grants().size() == 1u);
    BOOST_TEST(!r.program.grants()[0].planned.has_value());
    bool found = false;
    for (const auto& d : r.diagnostics)
        if (d.level == severity::error && d.where.line == 4u && d.where.column == 17u && d.where.field == "duration") found = true;
    BOOST_TEST(found);
    // NUL bytes: not text.
    try {
        read(std::string("Titulli i Projektit: A\nOJQ-ja: B\0C\n", 34));
        BOOST_FAIL("expected parse_error");
    } catch (const parse_error& e) {
        BOOST_TEST(e.where().line == 2u);
        BOOST_TEST(e.where().column == 10u);
    }
    // A 2 MB line: the cap names itself.
    std::string huge = "Titulli i Projektit: " + std::string(2 << 20, 'a') + "\n";
    try {
        read(huge);
        BOOST_FAIL("expected parse_error");
    } catch (const parse_error& e) {
        BOOST_TEST(std::string(e.what()).find("cap") != std::string::npos);
        BOOST_TEST(e.where().line == 1u);
    }
    // Invalid UTF-8.
    BOOST_CHECK_THROW(read("Titulli i Projektit: \xFF\xFE\n"), parse_error);
}

BOOST_AUTO_TEST_CASE(truncated_and_shuffled_listings_lose_nothing_silently) {
    std::string t = shared_listing();
    // Truncated in the middle of a record: the records before it are whole, the last one is reported.
    auto cut = t.substr(0, t.find("Kohëzgjatja: 1 Nëntor 2005 deri 31 Korrik 2006"));
    auto r = read(cut);
    BOOST_TEST(r.program.grants().size() == 19u);
    bool reported = false;
    for (const auto& d : r.diagnostics) reported = reported || d.message.find("without a duration") != std::string::npos;
    BOOST_TEST(reported);
    // Labels of a record in another order.
    const std::string shuffled = "X - Faza 2\nOJQ-ja: B\nKohëzgjatja: 1 maj 2005 deri 31 maj 2005\n"
                                 "Titulli i Projektit: A\nVendet e zbatimit: Vlora\n";
    auto s = read(shuffled);
    BOOST_TEST(s.program.grants().size() >= 1u);
    std::size_t with_title = 0;
    for (const auto& g : s.program.grants()) with_title += g.title == "A";
    BOOST_TEST(with_title == 1u);
    BOOST_TEST(!s.diagnostics.empty());
    // Unknown labels and stray text are reported, not dropped silently.
    auto u = read("Hyrje\nX - Faza 1\nsome stray text\nTitulli i Projektit: A\n");
    bool stray = false;
    for (const auto& d : u.diagnostics) stray = stray || d.message.find("stray") != std::string::npos;
    BOOST_TEST(stray);
}

BOOST_AUTO_TEST_CASE(listings_are_recognised_with_a_profile_only) {
    const auto& caaht = datasets::caaht_2006_profile();
    BOOST_TEST((io::detect_source(shared_listing(), &caaht) == io::source_format::listing));
    BOOST_TEST(!io::detect_source(shared_listing()).has_value());   // no profile, no listing
    BOOST_TEST((io::detect_source("{\"format\": \"grantfolio-program\"}", &caaht) == io::source_format::json));
}

// ---- profiles: the reader knows the layout, the profile the programme's words and data ----

BOOST_AUTO_TEST_CASE(a_listing_is_read_in_the_words_of_its_profile) {
    // The real listing with its title label renamed: CAAHT's profile finds no title (each record
    // still starts at its next label, said so), a profile with the new label reads it whole.
    const std::string renamed = replace_all(shared_listing(), "Titulli i Projektit:", "Emri i projektit:");
    const auto untitled = read(renamed);
    BOOST_TEST(untitled.program.grants().size() == 24u);
    for (const auto& g : untitled.program.grants()) BOOST_TEST(g.title.empty(), g.id);
    io::listing_profile profile = datasets::caaht_2006_profile();
    for (auto& [label, field] : profile.languages.front().labels)
        if (field == io::listing_field::title) label = "Emri i Projektit";
    auto r = io::read_listing(renamed, "t.txt", profile);
    check_caaht(r.program);
    // Months are words of the profile too: without Albanian months no duration is read.
    io::listing_profile english_months = datasets::caaht_2006_profile();
    english_months.languages.front().months = {};
    auto m = io::read_listing(shared_listing(), "t.txt", english_months);
    BOOST_TEST(m.program.grants().size() == 24u);
    for (const auto& g : m.program.grants()) BOOST_TEST(!g.planned.has_value(), g.id);
}

BOOST_AUTO_TEST_CASE(the_reader_knows_no_donor_country_or_currency_of_its_own) {
    io::listing_profile bare = datasets::caaht_2006_profile();
    bare.donor.clear();
    bare.country_names.clear();
    bare.totals.clear();
    auto r = io::read_listing(shared_listing(), "t.txt", bare);
    BOOST_TEST(r.program.grants().size() == 24u);
    BOOST_TEST(r.program.donor.empty());
    BOOST_TEST(r.program.country.empty());
    BOOST_TEST(r.program.totals.empty());
    bool said = false;
    for (const auto& d : r.diagnostics) said = said || d.message == "no programme total found in the introduction";
    BOOST_TEST(said);
    // Only the lek total, written after its number.
    bare.totals.push_back({"Lek", currency("ALL"), amount_format::albanian(), false});
    auto lek = io::read_listing(shared_listing(), "t.txt", bare);
    BOOST_REQUIRE(lek.program.totals.size() == 1u);
    BOOST_TEST(lek.program.totals[0] == money::parse("209762381", currency("ALL")));
    // A donor the profile does not know is the profile's mistake, said as such.
    bare.donor = "nobody";
    BOOST_CHECK_EXCEPTION(io::read_listing(shared_listing(), "t.txt", bare), error, [](const error& e) {
        return std::string(e.what()).find("'nobody' is not one of its known organisations") != std::string::npos;
    });
}

BOOST_AUTO_TEST_CASE(the_shipped_profile_file_reads_the_listing_as_the_embedded_one_does) {
    const auto profile = io::read_listing_profile_file(GRANTFOLIO_SOURCE_DIR "/data/programs/caaht-2006/listing-profile.json");
    const auto& embedded = datasets::caaht_2006_profile();
    BOOST_TEST(profile.places.size() == embedded.places.size());
    BOOST_TEST(profile.known_organizations.size() == embedded.known_organizations.size());
    BOOST_TEST(profile.languages.size() == 2u);
    auto r = io::read_listing(shared_listing(), "t.txt", profile);
    check_caaht(r.program);
    BOOST_TEST(r.program.organization_by_id(r.program.donor).acronym.value() == "USAID");
    BOOST_TEST(r.program.country == "AL");
    BOOST_TEST(r.diagnostics == read(shared_listing()).diagnostics, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(a_bad_profile_is_refused_saying_where) {
    auto refused = [](const std::string& json, const std::string& part) {
        try {
            io::read_listing_profile(json, "p.json");
            BOOST_ERROR("accepted: " << json);
        } catch (const parse_error& e) {
            BOOST_TEST(std::string(e.what()).find(part) != std::string::npos, e.what());
        }
    };
    const std::string head = R"({"format": "grantfolio-listing-profile", "version": 1, )";
    refused("{\"format\": ", "p.json:1:");
    refused(R"({"format": "grantfolio-program", "version": 1})", "not a listing profile");
    refused(head + R"("languages": []})", "at least one language");
    refused(head + R"("languages": [{"code": "en", "labels": {"budget": ["Budget"]}}]})", "'/languages/0/labels/budget'");
    refused(head + R"("languages": [{"code": "en", "months": [["jan"]]}]})", "the 12 months");
    refused(head + R"("languages": [{"code": "en"}], "totals": [{"symbol": "$", "currency": "DOLLAR"}]})", "not an ISO 4217");
    refused(head + R"("languages": [{"code": "en", "level_words": {"province": ["prov"]}}]})", "province");
}

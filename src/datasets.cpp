// The embedded programme and gazetteer, built once from the data files compiled into the library.
#include "grantfolio/datasets.hpp"

#include <sstream>

#include "grantfolio/io/base_map.hpp"
#include "grantfolio/io/csv.hpp"
#include "grantfolio/io/gazetteer.hpp"
#include "grantfolio/io/listing.hpp"
#include "grantfolio/text.hpp"

namespace grantfolio::datasets {

namespace embedded {
std::string_view albania_gazetteer_csv();
std::string_view caaht_listing();
std::string_view caaht_organizations_csv();
std::string_view caaht_relations_csv();
std::string_view caaht_program_csv();
std::string_view caaht_listing_profile_json();
std::string_view albania_qarqe_geojson();
std::string_view albania_outline_geojson();
std::string_view albania_district_points_csv();
}  // namespace embedded

namespace {

template <class F>
void each_row(std::string_view csv_text, const std::string& name, F&& f) {
    std::istringstream in{std::string(csv_text)};
    io::csv_reader csv(in, name);
    std::vector<std::string> row, header;
    csv.next(header);
    while (csv.next(row)) {
        if (row.size() == 1 && row[0].empty()) continue;
        if (row.size() != header.size())
            throw csv.error_at("expected " + std::to_string(header.size()) + " fields");
        f(row, csv);
    }
}

struct built {
    program p;
    std::vector<diagnostic> diagnostics;
};

const built& caaht() {
    static const built b = [] {
        io::listing_options options;
        options.program_id = "CAAHT";
        auto r = io::read_listing(embedded::caaht_listing(), "caaht-grants-2006-05-10.sq.txt", caaht_2006_profile(), options);
        program& p = r.program;
        const auto& known = caaht_2006_profile().known_organizations;
        auto ensure = [&](const std::string& id) {
            if (p.find_organization(id)) return;
            for (const auto& o : known)
                if (o.id == id) return p.add_organization(o);
            throw error("data/programs/caaht-2006: unknown organization '" + id + "'");
        };
        std::map<std::string, std::string> fields;
        each_row(embedded::caaht_program_csv(), "program.csv",
                 [&](const std::vector<std::string>& row, const io::csv_reader&) { fields[row[0]] = row[1]; });
        p.id = fields.at("id");
        p.names = {{"en", fields.at("name.en"), fields.at("acronym.en")}, {"sq", fields.at("name.sq"), fields.at("acronym.sq")}};
        ensure(fields.at("donor"));
        ensure(fields.at("implementer"));
        p.donor = fields.at("donor");
        p.implementer = fields.at("implementer");
        p.country = fields.at("country");
        each_row(embedded::caaht_relations_csv(), "relations.csv",
                 [&](const std::vector<std::string>& row, const io::csv_reader& csv) {
                     ensure(row[2]);
                     if (row[1] != "partner" && row[1] != "co-funder") throw csv.error_at("unknown relation '" + row[1] + "'", "relation");
                     p.update_grant(row[0], [&](grant& g) { (row[1] == "partner" ? g.partners : g.co_funders).push_back(row[2]); });
                 });
        return built{std::move(p), std::move(r.diagnostics)};
    }();
    return b;
}

}  // namespace

const gazetteer& albania_gazetteer() {
    static const gazetteer g = [] {
        std::istringstream in{std::string(embedded::albania_gazetteer_csv())};
        return io::read_gazetteer(in, "albania-2000.csv");
    }();
    return g;
}

const base_map& albania_map() {
    static const base_map m = [] {
        base_map made;
        made.areas = io::read_map_areas(embedded::albania_qarqe_geojson(), "albania-qarqe.geojson", albania_gazetteer(), place_level::qark);
        made.outline = io::read_map_outline(embedded::albania_outline_geojson(), "albania-outline.geojson");
        made.points = io::read_map_points(embedded::albania_district_points_csv(), "albania-districts.csv", albania_gazetteer());
        made.attribution = "Boundaries: Natural Earth (public domain). District points: countries-states-cities-database by dr5hn, ODbL 1.0.";
        return made;
    }();
    return m;
}

const program& caaht_2006() { return caaht().p; }
const std::vector<diagnostic>& caaht_2006_diagnostics() { return caaht().diagnostics; }
std::string_view caaht_2006_listing() { return embedded::caaht_listing(); }

std::vector<organization> caaht_2006_organizations() { return caaht_2006_profile().known_organizations; }

const io::listing_profile& caaht_2006_profile() {
    static const io::listing_profile p = [] {
        io::listing_profile made = io::read_listing_profile(embedded::caaht_listing_profile_json(), "listing-profile.json");
        made.places = albania_gazetteer();
        made.known_organizations = io::read_organizations(embedded::caaht_organizations_csv(), "organizations.csv");
        return made;
    }();
    return p;
}

}  // namespace grantfolio::datasets

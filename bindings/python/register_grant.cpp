// grantfolio.Grant and what it holds (grant.hpp): Site, Participant, Description, PolicyMarker,
// HumanitarianScope, RelatedActivity, DocumentLink.
#include <pybind11/operators.h>

#include "common.hpp"
#include "grantfolio/grant.hpp"
#include "grantfolio/location.hpp"

namespace grantfolio::python {

namespace {

/// Narratives as a list of Narrative.
py::list narrative_list(const std::vector<narrative>& texts) {
    py::list out;
    for (const auto& n : texts) out.append(py::cast(n));
    return out;
}

/// A site's location detail as a dict of what it states.
py::dict location_dict(const location_detail& d) {
    py::dict out;
    for (const auto& [key, text] : {std::pair{"ref", &d.ref}, std::pair{"reach", &d.reach}, std::pair{"exactness", &d.exactness},
                                    std::pair{"location_class", &d.location_class}, std::pair{"feature_designation", &d.feature_designation},
                                    std::pair{"country", &d.country}})
        if (!text->empty()) out[key] = *text;
    for (const auto& [key, list] : {std::pair{"ids", &d.ids}, std::pair{"administrative", &d.administrative}})
        if (!list->empty()) {
            py::list items;
            for (const auto& c : *list) {
                py::dict item;
                item["vocabulary"] = text_or_none(c.vocabulary), item["code"] = c.code, item["level"] = text_or_none(c.level);
                items.append(item);
            }
            out[key] = items;
        }
    for (const auto& [key, list] : {std::pair{"names", &d.names}, std::pair{"descriptions", &d.descriptions},
                                    std::pair{"activity_descriptions", &d.activity_descriptions}})
        if (!list->empty()) out[key] = narrative_list(*list);
    if (d.point) {
        py::dict pt;
        pt["latitude"] = to_python(d.point->latitude), pt["longitude"] = to_python(d.point->longitude), pt["srs_name"] = text_or_none(d.point->srs_name);
        out["point"] = pt;
    }
    return out;
}

}  // namespace

void register_grant(py::module_& m) {
    py::class_<site>(m, "Site", "An implementation site as written, and the place it resolved to.")
        .def_readonly("as_written", &site::as_written)
        .def_readonly("place", &site::place, "Gazetteer id; '' when the place is unknown")
        .def_readonly("note", &site::note, "What the source adds: a listing's remark, an IATI location's description")
        .def_property_readonly("detail", [](const site& s) { return location_dict(*s.detail); },
                               "What else the source says of the place, only what it states: ref, reach, ids and administrative "
                               "(lists of {'vocabulary', 'code', 'level'}), names, descriptions, activity_descriptions (lists of "
                               "Narrative), point ({'latitude', 'longitude'} as decimal.Decimal degrees, 'srs_name'), exactness, "
                               "location_class, feature_designation, country")
        .def_property_readonly("point", [](const site& s) -> py::object {
            if (!s.detail->point) return py::none();
            return py::make_tuple(to_python(s.detail->point->latitude), to_python(s.detail->point->longitude));
        }, "(latitude, longitude) in decimal degrees as decimal.Decimal, or None")
        .def(py::self == py::self)
        .def("__repr__", [](const site& s) { return "Site('" + s.as_written + "', place='" + s.place + "')"; });


    py::class_<participant>(m, "Participant", "An organisation taking part in a grant, with the role its source gives it (IATI participating-org).")
        .def_property_readonly("role", [](const participant& p) { return std::string(to_string(p.role)); },
                               "funding, accountable, extending or implementing")
        .def_readonly("org", &participant::org, "Organization id")
        .def_property_readonly("type", [](const participant& p) -> py::object { return p.type.empty() ? py::none() : py::object(py::str(p.type)); },
                               "IATI OrganisationType code as the source gives it ('22'), or None")
        .def_property_readonly("activity_id", [](const participant& p) -> py::object {
            return p.activity_id.empty() ? py::none() : py::object(py::str(p.activity_id));
        }, "The organisation's own identifier of this activity, or None")
        .def_property_readonly("crs_channel", [](const participant& p) -> py::object {
            return p.crs_channel.empty() ? py::none() : py::object(py::str(p.crs_channel));
        }, "Its OECD CRS channel code, or None")
        .def(py::self == py::self)
        .def("__repr__", [](const participant& p) { return "Participant('" + std::string(to_string(p.role)) + "', '" + p.org + "')"; });


    py::class_<description_block>(m, "Description", "One of a grant's descriptions: its type and its text in each language.")
        .def_property_readonly("type", [](const description_block& d) -> py::object {
            return d.type.empty() ? py::none() : py::object(py::str(d.type));
        }, "IATI DescriptionType code as written ('1' general, '2' objectives, '3' target groups, '4' other), or None")
        .def_property_readonly("narratives", [](py::object self) { return refs(self.cast<const description_block&>().narratives, self); })
        .def(py::self == py::self)
        .def("__repr__", [](const description_block& d) {
            return "Description(type=" + (d.type.empty() ? std::string("None") : "'" + d.type + "'") + ", " +
                   std::to_string(d.narratives.size()) + " narratives)";
        });


    py::class_<policy_marker>(m, "PolicyMarker", "A policy the grant addresses, and how much (IATI policy-marker), codes as written.")
        .def_readonly("code", &policy_marker::code)
        .def_property_readonly("vocabulary", [](const policy_marker& x) { return text_or_none(x.vocabulary); }, "PolicyMarkerVocabulary ('1' OECD DAC CRS), or None")
        .def_property_readonly("vocabulary_uri", [](const policy_marker& x) { return text_or_none(x.vocabulary_uri); })
        .def_property_readonly("significance", [](const policy_marker& x) { return text_or_none(x.significance); },
                               "PolicySignificance ('0' not targeted ... '4' explicit primary objective), or None")
        .def_property_readonly("narratives", [](py::object self) { return refs(self.cast<const policy_marker&>().narratives, self); })
        .def(py::self == py::self)
        .def("__repr__", [](const policy_marker& x) {
            return "PolicyMarker('" + x.code + "'" + (x.significance.empty() ? "" : ", significance='" + x.significance + "'") + ")";
        });
    py::class_<humanitarian_scope>(m, "HumanitarianScope", "An emergency or appeal the grant answers (IATI humanitarian-scope), codes as written.")
        .def_property_readonly("type", [](const humanitarian_scope& x) { return text_or_none(x.type); }, "'1' emergency, '2' appeal, or None")
        .def_property_readonly("vocabulary", [](const humanitarian_scope& x) { return text_or_none(x.vocabulary); }, "'1-2' GLIDE, '2-1' humanitarian plan, or None")
        .def_property_readonly("vocabulary_uri", [](const humanitarian_scope& x) { return text_or_none(x.vocabulary_uri); })
        .def_readonly("code", &humanitarian_scope::code)
        .def_property_readonly("narratives", [](py::object self) { return refs(self.cast<const humanitarian_scope&>().narratives, self); })
        .def(py::self == py::self)
        .def("__repr__", [](const humanitarian_scope& x) { return "HumanitarianScope('" + x.code + "')"; });
    py::class_<related_activity>(m, "RelatedActivity", "Another activity this one is related to (IATI related-activity).")
        .def_readonly("ref", &related_activity::ref, "Its identifier")
        .def_property_readonly("type", [](const related_activity& x) { return text_or_none(x.type); },
                               "'1' parent, '2' child, '3' sibling, '4' co-funded, '5' third party, or None")
        .def(py::self == py::self)
        .def("__repr__", [](const related_activity& x) { return "RelatedActivity('" + x.ref + "', type=" + (x.type.empty() ? "None" : "'" + x.type + "'") + ")"; });
    py::class_<document_link>(m, "DocumentLink", "A document about the grant (IATI document-link).")
        .def_readonly("url", &document_link::url)
        .def_property_readonly("format", [](const document_link& x) { return text_or_none(x.format); }, "Its media type ('application/pdf'), or None")
        .def_property_readonly("titles", [](py::object self) { return refs(self.cast<const document_link&>().titles, self); })
        .def_property_readonly("descriptions", [](py::object self) { return refs(self.cast<const document_link&>().descriptions, self); })
        .def_readonly("categories", &document_link::categories, "DocumentCategory codes ('A01')")
        .def_readonly("languages", &document_link::languages, "ISO 639-1 codes")
        .def_property_readonly("document_date", [](const document_link& x) { return opt_date(x.document_date); })
        .def(py::self == py::self)
        .def("__repr__", [](const document_link& x) { return "DocumentLink('" + x.url + "')"; });


    py::class_<grant>(m, "Grant", "One grant: who, what, where, when, how much, and what happened.")
        .def_readonly("id", &grant::id)
        .def_readonly("title", &grant::title)
        .def_readonly("phase", &grant::phase)
        .def_readonly("grantee", &grant::grantee, "Organization id")
        .def_readonly("partners", &grant::partners, "Organization ids")
        .def_readonly("co_funders", &grant::co_funders, "Organization ids")
        .def_property_readonly("sites", [](py::object self) { return refs(self.cast<const grant&>().sites, self); })
        .def_readonly("sites_as_written", &grant::sites_as_written)
        .def_property_readonly("planned_start", [](const grant& g) { return g.planned ? from_date(g.planned->first()) : py::none(); })
        .def_property_readonly("planned_end", [](const grant& g) { return g.planned ? from_date(g.planned->last()) : py::none(); })
        .def_property_readonly("actual_start", [](const grant& g) { return opt_date(g.actual_start); })
        .def_property_readonly("actual_end", [](const grant& g) { return opt_date(g.actual_end); },
                               "Set when the grant ended otherwise than planned (an early closure)")
        .def_property_readonly("start", [](const grant& g) { return opt_date(g.start()); }, "First day it ran")
        .def_property_readonly("end", [](const grant& g) { return opt_date(g.end()); }, "Last day it ran")
        .def_property_readonly("closed_early", &grant::closed_early)
        .def_readonly("award", &grant::award, "Money, or None when unknown")
        .def_readonly("tags", &grant::tags)
        .def_property_readonly("language", [](const grant& g) -> py::object {
            return g.language.empty() ? py::none() : py::object(py::str(g.language));
        }, "The language its texts are in unless they say (IATI xml:lang), or None")
        .def_property_readonly("titles", [](py::object self) { return refs(self.cast<const grant&>().titles, self); },
                               "Narratives: the title in each language the source gives")
        .def_property_readonly("descriptions", [](py::object self) { return refs(self.cast<const grant&>().descriptions, self); },
                               "Every description, with its type and its narratives")
        .def_property_readonly("participants", [](py::object self) { return refs(self.cast<const grant&>().participants, self); },
                               "Participants as the source lists them, with their roles (empty for a listing's grant)")
        .def_property_readonly("sectors", [](py::object self) { return refs(self.cast<const grant&>().sectors, self); },
                               "Classifications: IATI sectors with vocabulary and percentage")
        .def_property_readonly("recipient_countries", [](py::object self) { return refs(self.cast<const grant&>().recipient_countries, self); },
                               "Classifications: ISO 3166-1 codes with percentage")
        .def_property_readonly("recipient_regions", [](py::object self) { return refs(self.cast<const grant&>().recipient_regions, self); },
                               "Classifications: regions with vocabulary and percentage")
        .def_property_readonly("coded_tags", [](py::object self) { return refs(self.cast<const grant&>().coded_tags, self); },
                               "Classifications: IATI tags with vocabulary and narratives (tags holds a listing's words)")
        .def_property_readonly("policy_markers", [](py::object self) { return refs(self.cast<const grant&>().policy_markers, self); })
        .def_property_readonly("humanitarian_scopes", [](py::object self) { return refs(self.cast<const grant&>().humanitarian_scopes, self); })
        .def_property_readonly("related_activities", [](py::object self) { return refs(self.cast<const grant&>().related_activities, self); },
                               "Every relation the source states, the parent among them")
        .def_property_readonly("document_links", [](py::object self) { return refs(self.cast<const grant&>().document_links, self); })
        .def_readonly("target_groups", &grant::target_groups)
        .def_property_readonly("reporting_org", [](const grant& g) -> py::object {
            return g.reporting_org.empty() ? py::none() : py::object(py::str(g.reporting_org));
        }, "Id of the organisation that published it (IATI reporting-org), or None")
        .def_property_readonly("stated_status", [](const grant& g) -> py::object {
            return g.status ? py::object(py::str(to_string(*g.status))) : py::none();
        }, "The status the source states (IATI ActivityStatus name: 'implementation', 'closed', ...), or None")
        .def_property_readonly("source", [](const grant& g) { return record_or_none(g.source); },
                               "The record it was read from (an IATI activity as XML), or None for a listing's grant")
        .def_readonly("description", &grant::description)
        .def("status_on", [](const grant& g, const py::object& d) { return std::string(to_string(g.status_on(to_date(d)))); },
             py::arg("date"), "planned, active, ended, closed-early or unknown, as of a datetime.date")
        .def("active_on", [](const grant& g, const py::object& d) { return g.active_on(to_date(d)); }, py::arg("date"))
        .def(py::self == py::self)
        .def("__repr__", [](const py::object& self) {
            const auto& g = self.cast<const grant&>();
            return class_name(self) + "(id='" + g.id + "', phase=" + std::to_string(g.phase) + ", title='" +
                   g.title.substr(0, 40) + (g.title.size() > 40 ? "…" : "") + "')";
        });

}

}  // namespace grantfolio::python

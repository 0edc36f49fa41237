// grantfolio.Program, Grant, Organization, Place, Site, Phase, Transaction: the model, read-only,
// with pickling through the same archive code as C++ (a portable text archive).
#include <pybind11/operators.h>

#include <fstream>
#include <sstream>

#include "common.hpp"
#include "grantfolio/datasets.hpp"
#include "grantfolio/io/archive.hpp"
#include "grantfolio/io/json.hpp"
#include "grantfolio/io/listing.hpp"
#include "grantfolio/io/source.hpp"
#include "grantfolio/program.hpp"
#include "grantfolio/query.hpp"
#include "grantfolio/synthetic.hpp"
#include "grantfolio/validate.hpp"

namespace grantfolio::python {

namespace {

py::object opt_date(const std::optional<date>& d) { return d ? from_date(*d) : py::none(); }

template <class T>
py::list refs(const std::vector<T>& items, py::handle owner) {
    py::list out;
    for (const auto& x : items) out.append(py::cast(&x, py::return_value_policy::reference_internal, owner));
    return out;
}

py::dict detail_dict(const transaction_detail& d) {
    py::dict out;
    for (const auto& [key, day] : {std::pair{"transaction_date", &d.transaction_date}, std::pair{"period_start", &d.period_start},
                                   std::pair{"period_end", &d.period_end}})
        if (*day) out[key] = from_date(**day);
    for (const auto& [key, field] : transaction_detail_texts)
        if (!(d.*field).empty()) out[key] = d.*field;
    for (const auto& [key, party] : {std::pair{"provider", &d.provider}, std::pair{"receiver", &d.receiver}}) {
        if (party->empty()) continue;
        py::dict p;
        auto opt = [](const std::string& s) -> py::object { return s.empty() ? py::none() : py::object(py::str(s)); };
        p["org"] = opt(party->org), p["activity_id"] = opt(party->activity_id), p["type"] = opt(party->type), p["name"] = opt(party->name);
        out[key] = p;
    }
    for (const auto& [key, list] : {std::pair{"aid_types", &d.aid_types}, std::pair{"sectors", &d.sectors},
                                    std::pair{"recipient_countries", &d.recipient_countries}, std::pair{"recipient_regions", &d.recipient_regions}})
        if (!list->empty()) {
            py::list items;
            for (const auto& c : *list) items.append(py::cast(c));
            out[key] = items;
        }
    return out;
}

py::object text_or_none(const std::string& s) { return s.empty() ? py::none() : py::object(py::str(s)); }

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

std::string class_name(const py::handle& self) { return py::str(py::type::of(self).attr("__name__")); }

}  // namespace

void register_program(py::module_& m) {
    py::class_<organization>(m, "Organization", "A grantee, partner, donor or implementer, under every name it goes by.")
        .def_readonly("id", &organization::id, "Stable key within the programme")
        .def_readonly("name", &organization::name, "Canonical name")
        .def_readonly("acronym", &organization::acronym, "Acronym, or None")
        .def_property_readonly("kind", [](const organization& o) { return std::string(to_string(o.kind)); },
                               "local-ngo, international-ngo, government, donor, implementer or other")
        .def_readonly("spellings", &organization::spellings, "Every name as written in the sources")
        .def(py::self == py::self)
        .def("__repr__", [](const py::object& self) {
            const auto& o = self.cast<const organization&>();
            return class_name(self) + "(id='" + o.id + "', name='" + o.name + "')";
        });

    py::class_<place>(m, "Place", "A place from a gazetteer, with its level and the forms of its name.")
        .def_readonly("id", &place::id)
        .def_property_readonly("level", [](const place& p) { return std::string(to_string(p.level)); },
                               "nationwide, qark, district, municipality, commune or area")
        .def_readonly("name", &place::name, "Indefinite form: Shkodër")
        .def_readonly("definite", &place::definite, "Definite form: Shkodra")
        .def_readonly("genitive", &place::genitive, "Genitive form: Shkodrës")
        .def_readonly("parent", &place::parent, "The parent's id ('' at the top)")
        .def_readonly("code", &place::code, "ISO 3166-2 code, where one exists")
        .def(py::self == py::self)
        .def("__repr__", [](const py::object& self) {
            const auto& p = self.cast<const place&>();
            return class_name(self) + "(id='" + p.id + "', level='" + to_string(p.level) + "', name='" + p.name + "')";
        });

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

    py::class_<source_record>(m, "SourceRecord",
                              "A record as its source wrote it (IATI: the <iati-activity> element), kept so that writing it back loses nothing.")
        .def_readonly("format", &source_record::format, "'iati'")
        .def_readonly("version", &source_record::version, "The standard's version the record is in: '2.03', '1.04'")
        .def_readonly("text", &source_record::text, "The record, verbatim (XML for IATI)")
        .def(py::self == py::self)
        .def("__repr__", [](const source_record& r) {
            return "SourceRecord('" + r.format + "', '" + r.version + "', " + std::to_string(r.text.size()) + " bytes)";
        });
    auto record_of = [](const source_record& r) -> py::object { return r.empty() ? py::none() : py::cast(r); };

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

    py::class_<narrative>(m, "Narrative", "A text in one language (an IATI narrative).")
        .def_property_readonly("language", [](const narrative& n) -> py::object {
            return n.language.empty() ? py::none() : py::object(py::str(n.language));
        }, "Its language as written ('fr'), or None: the grant's language")
        .def_readonly("text", &narrative::text)
        .def(py::self == py::self)
        .def("__repr__", [](const narrative& n) {
            return "Narrative(" + (n.language.empty() ? std::string("None") : "'" + n.language + "'") + ", " +
                   py::repr(py::str(n.text.substr(0, 40))).cast<std::string>() + ")";
        });

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

    py::class_<classification>(m, "Classification",
                               "A code of a vocabulary and the share of the grant it stands for: a sector, recipient country or region.")
        .def_readonly("code", &classification::code)
        .def_property_readonly("vocabulary", [](const classification& c) -> py::object {
            return c.vocabulary.empty() ? py::none() : py::object(py::str(c.vocabulary));
        }, "The vocabulary as written ('1', '2', '99'), or None where the source names none (the standard's default)")
        .def_property_readonly("vocabulary_uri", [](const classification& c) -> py::object {
            return c.vocabulary_uri.empty() ? py::none() : py::object(py::str(c.vocabulary_uri));
        }, "Where a publisher's own vocabulary is defined, or None")
        .def_property_readonly("percentage", [](const classification& c) -> py::object { return c.percentage ? to_python(*c.percentage) : py::none(); },
                               "The share as decimal.Decimal (0-100), or None when not stated")
        .def_property_readonly("narratives", [](py::object self) { return refs(self.cast<const classification&>().narratives, self); },
                               "What the source calls it, per language")
        .def(py::self == py::self)
        .def("__repr__", [](const classification& c) {
            return "Classification('" + c.code + "'" + (c.vocabulary.empty() ? "" : ", vocabulary='" + c.vocabulary + "'") +
                   (c.percentage ? ", percentage=" + c.percentage->to_string() : "") + ")";
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

    py::class_<phase>(m, "Phase", "A numbered phase of a programme.")
        .def_readonly("number", &phase::number)
        .def_readonly("name", &phase::name)
        .def_property_readonly("source", [record_of](const phase& p) { return record_of(p.source); },
                               "The record it was read from (an IATI parent activity), or None")
        .def(py::self == py::self)
        .def("__repr__", [](const phase& p) { return "Phase(" + std::to_string(p.number) + ", '" + p.name + "')"; });

    py::class_<transaction>(m, "Transaction", "Money moving under a grant on a value date.")
        .def_property_readonly("kind", [](const transaction& t) { return std::string(to_string(t.kind)); },
                               "commitment, disbursement, expenditure or refund")
        .def_property_readonly("value_date", [](const transaction& t) { return from_date(t.value_date); })
        .def_readonly("amount", &transaction::amount, "Money")
        .def_readonly("note", &transaction::note, "Its description")
        .def_property_readonly("transaction_date", [](const transaction& t) { return from_date(t.detail->transaction_date.value_or(t.value_date)); },
                               "The transaction's own date (IATI transaction-date): the value date unless the source gives another")
        .def_property_readonly("detail", [](const transaction& t) { return detail_dict(*t.detail); },
                               "What else the source says of it, only what it states: transaction_date, period_start, period_end, type, "
                               "status, ref, humanitarian, provider and receiver ({'org', 'activity_id', 'type', 'name'}), "
                               "disbursement_channel, flow_type, finance_type, tied_status, aid_types, sectors, recipient_countries, "
                               "recipient_regions (lists of Classification)")
        .def(py::self == py::self)
        .def("__repr__", [](const transaction& t) {
            return "Transaction('" + std::string(to_string(t.kind)) + "', " + format_date(t.value_date) + ", " + t.amount.to_string() + ")";
        });

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
        .def_property_readonly("source", [record_of](const grant& g) { return record_of(g.source); },
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

    // dynamic_attr: read() attaches what the reader reported as `diagnostics` (see grantfolio/__init__.py).
    py::class_<program>(m, "Program", "A donor's grant programme: names, phases, organisations, grants, places, totals.", py::dynamic_attr())
        .def_readonly("id", &program::id)
        .def("name", &program::name, py::arg("language") = "en", "The name in a language (BCP 47), else the first")
        .def("acronym", &program::acronym, py::arg("language") = "en")
        .def_property_readonly("donor", [](py::object self) -> py::object {
            const auto& p = self.cast<const program&>();
            if (p.donor.empty()) return py::none();
            return py::cast(&p.organization_by_id(p.donor), py::return_value_policy::reference_internal, self);
        })
        .def_property_readonly("implementer", [](py::object self) -> py::object {
            const auto& p = self.cast<const program&>();
            if (p.implementer.empty()) return py::none();
            return py::cast(&p.organization_by_id(p.implementer), py::return_value_policy::reference_internal, self);
        })
        .def_readonly("country", &program::country)
        .def_readonly("totals", &program::totals, "As written, one per currency (never summed across currencies)")
        .def_property_readonly("revised_on", [](const program& p) { return opt_date(p.revised_on); })
        .def_property_readonly("generated_at", [](const program& p) { return text_or_none(p.generated_at); },
                               "When the source file says it was made, as written (IATI generated-datetime), or None")
        .def_readonly("source", &program::source)
        .def_property_readonly("phases", [](py::object self) { return refs(self.cast<const program&>().phases(), self); })
        .def_property_readonly("organizations", [](py::object self) { return refs(self.cast<const program&>().organizations(), self); })
        .def_property_readonly("grants", [](py::object self) { return refs(self.cast<const program&>().grants(), self); })
        .def_property_readonly("places", [](py::object self) { return refs(self.cast<const program&>().places().places(), self); })
        .def("grant", [](py::object self, const std::string& id) {
            const grant* g = self.cast<const program&>().find_grant(id);
            if (!g) throw py::key_error("no grant '" + id + "'");
            return py::cast(g, py::return_value_policy::reference_internal, self);
        }, py::arg("id"), "The grant with this id (KeyError otherwise)")
        .def("organization", [](py::object self, const std::string& id) {
            const organization* o = self.cast<const program&>().find_organization(id);
            if (!o) throw py::key_error("no organization '" + id + "'");
            return py::cast(o, py::return_value_policy::reference_internal, self);
        }, py::arg("id"), "The organisation with this id (KeyError otherwise)")
        .def("place", [](py::object self, const std::string& id) {
            const place* pl = self.cast<const program&>().places().find(id);
            if (!pl) throw py::key_error("no place '" + id + "'");
            return py::cast(pl, py::return_value_policy::reference_internal, self);
        }, py::arg("id"), "The gazetteer place with this id (KeyError otherwise)")
        .def("__len__", [](const program& p) { return p.grants().size(); }, "Number of grants")
        .def_property_readonly("transaction_count", [](const program& p) { return p.transactions().size(); },
                               "Number of transactions, all grants together")
        .def("transactions_of", [](const program& p, const std::string& id) {
            if (!p.find_grant(id)) throw py::key_error("no grant '" + id + "'");
            return p.transactions_of(id);
        }, py::arg("grant_id"), "The transactions of one grant, in the order they were added (KeyError for an unknown id, as grant() gives)")
        .def("_converted_totals",
             [](const program& p, const rate_table& rates, const std::string& to, const std::string& by,
                const std::string& kind, const std::string& missing, std::optional<int> max_age, unsigned threads) {
                 auto policy = missing_rate_policy::parse(missing, max_age);
                 std::optional<query::grouped_totals> result;
                 {
                     py::gil_scoped_release nogil;
                     result = query::converted_totals_by(p, query::parse_group_by(by), rates, currency(to),
                                                    parse_transaction_kind(kind), policy, threads);
                 }
                 const auto& t = *result;
                 py::list key, total, count;
                 for (const auto& g : t.groups) {
                     key.append(g.key);
                     total.append(to_python(g.total.amount()));
                     count.append(g.transactions);
                 }
                 py::dict methods;
                 for (auto k : {conversion_method::identity, conversion_method::direct, conversion_method::inverse,
                                conversion_method::chain, conversion_method::last_known, conversion_method::interpolated})
                     methods[to_string(k)] = t.methods.count(k);
                 py::dict out;
                 out["key"] = key;
                 out["total"] = total;
                 out["transactions"] = count;
                 out["methods"] = methods;
                 return out;
             },
             py::arg("rates"), py::arg("to"), py::arg("by"), py::arg("kind"), py::arg("missing"), py::arg("max_age"),
             py::arg("threads"))
        .def("validate", [](const program& p) {
            py::list out;
            for (const auto& d : validate(p)) {
                py::dict x;
                x["severity"] = to_string(d.level);
                x["subject"] = d.subject;
                x["field"] = d.where.field;
                x["message"] = d.message;
                out.append(x);
            }
            return out;
        }, "Problems found: dicts with severity, subject, field and message")
        .def("save", [](const program& p, const std::filesystem::path& path, const std::string& format) {
            if (format == "json") {
                io::write_file_atomically(path, [&](std::ostream& out) { io::write_json(out, p); });
            } else {
                io::save_archive(p, path, io::parse_archive_format(format));
            }
        }, py::arg("path"), py::arg("format") = "binary",
             "Saves atomically: format 'binary' (same machine), 'xml' or 'text' (portable), or 'json'")
        .def("to_json", [](const program& p) { return io::to_json(p); }, "The public JSON form (docs/formats.md)")
        .def(py::self == py::self)
        .def("__copy__", [](const program& p) { return program(p); })
        .def("__deepcopy__", [](const program& p, py::dict) { return program(p); }, py::arg("memo"))
        .def(py::pickle(
            [](const program& p) { return py::bytes(io::to_archive(p, io::archive_format::text)); },
            [](const py::bytes& b) { return io::from_archive(std::string(b), "<pickle>"); }))
        .def("__repr__", [](const py::object& self) {
            const auto& p = self.cast<const program&>();
            return class_name(self) + "(id='" + p.id + "', grants=" + std::to_string(p.grants().size()) + ")";
        });

    auto datasets = m.def_submodule("_datasets", "Data grantfolio carries");
    datasets.def("caaht_2006", [] { return datasets::caaht_2006(); },
                 "USAID's CAAHT (KVKTNj) grants programme in Albania, 2005–2006: 24 grants, 3 phases");
    m.def("_read", [](const std::string& path, const std::optional<std::string>& listing_profile) {
        // Every format the CLI reads, told apart by content (the CLI's rules); listings in the words
        // of the profile file given, else CAAHT's. The reader's findings come back as (severity,
        // file, line, column, field, subject, message, text) tuples.
        io::read_result r;
        {
            py::gil_scoped_release nogil;
            io::read_options options;
            io::listing_profile own;
            if (listing_profile) own = io::read_listing_profile_file(*listing_profile);
            options.listing = listing_profile ? &own : &datasets::caaht_2006_profile();
            r = io::read_program(path, options);
        }
        py::list found;
        for (const auto& d : r.diagnostics)
            found.append(py::make_tuple(to_string(d.level), d.where.file, d.where.line, d.where.column, d.where.field,
                                        clip_value(d.subject), d.message, to_string(d)));
        return py::make_tuple(std::move(r.program), found, r.kind);
    }, py::arg("path"), py::arg("listing_profile") = py::none());
    m.def("_synthetic_program", [](std::size_t grants, std::size_t transactions, std::uint64_t seed) {
        py::gil_scoped_release release;
        return synthetic::generate({grants, transactions, seed, 0, 0});
    }, py::arg("grants"), py::arg("transactions"), py::arg("seed"));
}

}  // namespace grantfolio::python

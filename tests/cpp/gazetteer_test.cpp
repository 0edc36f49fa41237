#define BOOST_TEST_MODULE gazetteer
#include <boost/test/unit_test.hpp>

#include <sstream>

#include "grantfolio/datasets.hpp"
#include "grantfolio/io/gazetteer.hpp"

using namespace grantfolio;

BOOST_AUTO_TEST_CASE(albania_2000_has_12_qarqe_and_36_districts) {
    const gazetteer& g = datasets::albania_gazetteer();
    BOOST_TEST(g.at_level(place_level::qark).size() == 12u);
    BOOST_TEST(g.at_level(place_level::district).size() == 36u);
    BOOST_TEST(g.at_level(place_level::nationwide).size() == 1u);
    for (const place* d : g.at_level(place_level::district)) BOOST_TEST(g.ancestor(*d, place_level::qark) != nullptr);
    BOOST_TEST(g.at("Q-SHKODER").code == "AL-10");
}

BOOST_AUTO_TEST_CASE(every_form_of_a_name) {
    const place_names g(datasets::albania_gazetteer());
    for (const char* form : {"Shkodër", "Shkodra", "Shkodrës", "SHKODRA", "Shkoder"}) {
        auto hits = g.find(form);
        BOOST_TEST_CONTEXT(form) {
            BOOST_REQUIRE(hits.size() == 2u);  // the qark and the district share the name
            BOOST_TEST(hits[0]->id == "Q-SHKODER");
            BOOST_TEST(hits[1]->id == "D-SHKODER");
        }
    }
    BOOST_TEST(g.find("Malësisë së Madhe").at(0)->id == "D-MALESI-E-MADHE");
    BOOST_TEST(g.find("I gjithë vendi").at(0)->id == "AL");
    BOOST_TEST(g.find("Novoselës").at(0)->id == "C-NOVOSELE");
    BOOST_TEST(g.find("Atlantis").empty());
}

BOOST_AUTO_TEST_CASE(parents_and_ancestors) {
    const gazetteer& g = datasets::albania_gazetteer();
    const place& roskovec = g.at("M-ROSKOVEC");
    BOOST_TEST(g.ancestor(roskovec, place_level::district)->name == "Fier");
    BOOST_TEST(g.ancestor(roskovec, place_level::qark)->name == "Fier");
    const place& novosele = g.at("C-NOVOSELE");
    BOOST_TEST(g.ancestor(novosele, place_level::qark)->name == "Vlorë");
    BOOST_TEST(g.ancestor(g.at("Q-FIER"), place_level::district) == nullptr);
    BOOST_CHECK_THROW(g.at("NOWHERE"), invalid_argument);
}

BOOST_AUTO_TEST_CASE(another_country_loads_the_same_way) {
    std::istringstream in("id,level,name,definite,genitive,parent,code,aliases\n"
                          "XK,nationwide,Kosovë,Kosova,Kosovës,,XK,Kosovo\n"
                          "XK-PR,district,Prishtinë,Prishtina,Prishtinës,XK,,Pristina\n");
    gazetteer g = io::read_gazetteer(in, "kosovo.csv");
    BOOST_TEST(g.size() == 2u);
    BOOST_TEST(place_names(g).find("Pristina").at(0)->id == "XK-PR");
}

BOOST_AUTO_TEST_CASE(bad_gazetteers_name_the_line) {
    auto err = [](const std::string& body) {
        std::istringstream in("id,level,name,definite,genitive,parent,code,aliases\n" + body);
        try {
            io::read_gazetteer(in, "g.csv");
        } catch (const parse_error& e) {
            return std::string(e.what());
        }
        return std::string("no error");
    };
    BOOST_TEST(err("A,nationwide,A,,,,,\nB,district,B,,,Z,,\n").find("g.csv:3") == 0u);      // unknown parent
    BOOST_TEST(err("A,nationwide,A,,,,,\nB,town,B,,,A,,\n").find("field 'level'") != std::string::npos);
    BOOST_TEST(err("A,nationwide,A,,,,,\nB,district,B,,,A,,\nC,qark,C,,,B,,\n").find("cannot lie in") != std::string::npos);
    BOOST_TEST(err("A,nationwide,A,,,,,\nA,district,B,,,A,,\n").find("already") != std::string::npos);
}

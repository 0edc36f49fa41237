// grantfolio/io/rule_finding.hpp — a publishing standard's rule or quality check that a document
// breaks, where: what `validate --rules iati|360giving` lists (io::iati_ruleset, io::check_360giving).
#pragma once

#include <string>

#include "grantfolio/diagnostic.hpp"

namespace grantfolio::io {

struct rule_finding {
    std::string rule;       ///< the rule's id: IATI's ("6.2.2"), 360Giving's check ("TitleLength"); empty for a case without one
    std::string category;   ///< the rule's category ("classifications", "dates"...)
    std::string link;       ///< the guidance page the rule links to; may be empty
    /// severity (IATI: the ruleInfo's; 360Giving: warning for its accuracy checks, info for its
    /// usefulness ones); where: file, line and column of the element or grant the rule applies to,
    /// field its path (/iati-activities/iati-activity[3]/budget[2], /grants/4/title); subject: the
    /// activity's or grant's identifier; message: what the rule says and "(rule 6.2.2)".
    diagnostic finding;
};

}  // namespace grantfolio::io

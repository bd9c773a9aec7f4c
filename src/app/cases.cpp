#include "app/cases.hpp"

namespace autofix::app {

Outcome execute_case(const core::Triage& triage, const action::Settings&, const action::Environment&,
                     SecretFilter&, std::ostream&) {
    Outcome outcome;
    outcome.route = triage.route;
    outcome.route_decided = true;
    outcome.error = core::make_error(core::ErrorKind::internal, "this case is not wired yet");
    return outcome;
}

void upload_result_artifact(const std::string&, const action::Environment&, std::ostream&) {}

} // namespace autofix::app

#include "logs/line_needles.hpp"

namespace autofix::logs {

const GramFilter& line_needles() {
    static const GramFilter filter = [] {
        GramFilter built;
        add_classifier_needles(built);
        add_triage_needles(built);
        return built;
    }();
    return filter;
}

} // namespace autofix::logs

#include "agent/pricing.hpp"

#include <nlohmann/json.hpp>

namespace autofix::agent {
namespace {

ModelPrice list_price(double input, double output) {
    return {input, output, input * 1.25, input * 0.1};
}

// The Anthropic id of a Bedrock id ("us.anthropic.claude-sonnet-4-5-20250929-v1:0") or a Vertex AI id
// ("claude-sonnet-4-5@20250929"): the same model at the same list price.
std::string anthropic_model_id(std::string model) {
    if (const auto at = model.find("anthropic.");
        at != std::string::npos && model.find('/') == std::string::npos) {
        model.erase(0, at + 10);
    }
    for (auto& c : model) {
        c = c == '@' ? '-' : c;
    }
    return model;
}

} // namespace

PriceTable PriceTable::defaults() {
    PriceTable table;
    table.set("claude-opus-4-5", list_price(5, 25));
    table.set("claude-opus-4-1", list_price(15, 75));
    table.set("claude-opus-4", list_price(15, 75));
    table.set("claude-sonnet-4-5", list_price(3, 15));
    table.set("claude-sonnet-4", list_price(3, 15));
    table.set("claude-3-7-sonnet", list_price(3, 15));
    table.set("claude-haiku-4-5", list_price(1, 5));
    table.set("claude-3-5-haiku", list_price(0.8, 4));
    return table;
}

core::Status PriceTable::apply_overrides(const std::string& json_text) {
    if (json_text.find_first_not_of(" \t\r\n") == std::string::npos) {
        return {};
    }
    const auto fail = [](const std::string& what) {
        return core::make_error(core::ErrorKind::config, "model prices: " + what);
    };
    const nlohmann::json root = nlohmann::json::parse(json_text, nullptr, false);
    if (root.is_discarded() || !root.is_object()) {
        return fail("expected a JSON object of model ids to prices");
    }
    std::map<std::string, ModelPrice> parsed;
    for (const auto& [model, value] : root.items()) {
        if (!value.is_object() || !value.contains("input") || !value.contains("output")) {
            return fail("\"" + model + "\" needs numeric \"input\" and \"output\" prices per million tokens");
        }
        auto number = [&entry = value](const char* key, double fallback) -> std::optional<double> {
            if (!entry.contains(key)) {
                return fallback;
            }
            if (!entry[key].is_number() || entry[key].get<double>() < 0) {
                return std::nullopt;
            }
            return entry[key].get<double>();
        };
        const auto input = number("input", 0);
        const auto output = number("output", 0);
        if (!input || !output) {
            return fail("\"" + model + "\": prices must be non-negative numbers");
        }
        const auto write = number("cache_write", *input * 1.25);
        const auto read = number("cache_read", *input * 0.1);
        if (!write || !read) {
            return fail("\"" + model + "\": prices must be non-negative numbers");
        }
        parsed[model] = {*input, *output, *write, *read};
    }
    for (const auto& [model, price] : parsed) {
        m_prices[model] = price;
    }
    return {};
}

std::optional<ModelPrice> PriceTable::find(const std::string& model) const {
    if (const auto exact = m_prices.find(model); exact != m_prices.end()) {
        return exact->second;
    }
    const ModelPrice* best = nullptr;
    std::size_t best_length = 0;
    for (const auto& [id, price] : m_prices) {
        if (model.size() > id.size() && model.compare(0, id.size(), id) == 0 && model[id.size()] == '-' &&
            id.size() > best_length) {
            best = &price;
            best_length = id.size();
        }
    }
    if (best == nullptr) {
        const std::string anthropic_id = anthropic_model_id(model);
        return anthropic_id == model ? std::nullopt : find(anthropic_id);
    }
    return *best;
}

double PriceTable::estimate_cost(const std::string& model, const ports::Usage& usage) const {
    const auto price = find(model);
    if (!price) {
        return 0.0;
    }
    const auto per_token = [](double per_million) {
        return per_million / 1'000'000.0;
    };
    return static_cast<double>(usage.input_tokens) * per_token(price->input) +
           static_cast<double>(usage.output_tokens) * per_token(price->output) +
           static_cast<double>(usage.cache_creation_input_tokens) * per_token(price->cache_write) +
           static_cast<double>(usage.cache_read_input_tokens) * per_token(price->cache_read);
}

} // namespace autofix::agent

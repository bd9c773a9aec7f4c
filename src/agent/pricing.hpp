#pragma once

#include "core/error.hpp"
#include "ports/model_client.hpp"

#include <map>
#include <optional>
#include <string>

namespace autofix::agent {

/// Prices of one model in US dollars per million tokens.
struct ModelPrice {
    double input = 0;
    double output = 0;
    double cache_write = 0; // cache_creation_input_tokens
    double cache_read = 0;  // cache_read_input_tokens
};

/// The one price table used for cost estimates; model ids match exactly or by longest prefix
/// ("claude-sonnet-4-5-20250929" uses "claude-sonnet-4-5"); Bedrock and Vertex AI ids of a model take its
/// price.
class PriceTable {
public:
    /// Returns the built-in table (Anthropic list prices).
    static PriceTable defaults();

    /// Merges overrides from a JSON string `{"model-id": {"input": 3, "output": 15, "cache_write": 3.75,
    /// "cache_read": 0.3}}` (cache prices default to 1.25x and 0.1x input); fails with ErrorKind::config when
    /// the JSON or a price is malformed. An empty string changes nothing.
    core::Status apply_overrides(const std::string& json_text);

    /// Returns the price of `model`, or nullopt when no entry matches.
    std::optional<ModelPrice> find(const std::string& model) const;

    /// Returns the estimated cost in USD of `usage` on `model`; 0 when the model is unknown.
    double estimate_cost(const std::string& model, const ports::Usage& usage) const;

    /// Sets the price of `model`.
    void set(const std::string& model, ModelPrice price) { m_prices[model] = price; }

private:
    std::map<std::string, ModelPrice> m_prices;
};

} // namespace autofix::agent

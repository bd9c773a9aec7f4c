#include "adapters/github_api.hpp"

#include "core/github_link_header.hpp"

#include <cctype>

namespace autofix::adapters {
namespace {

std::string trim_trailing_slashes(std::string text) {
    while (!text.empty() && text.back() == '/') {
        text.pop_back();
    }
    return text;
}

// "scheme://authority" of an absolute URL, lower-cased; "" when the URL has no scheme.
std::string origin_of(const std::string& url) {
    const auto scheme_end = url.find("://");
    if (scheme_end == std::string::npos) {
        return {};
    }
    const auto path_start = url.find_first_of("/?#", scheme_end + 3);
    std::string origin = url.substr(0, path_start);
    for (char& c : origin) {
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    return origin;
}

void replace_all(std::string& text, const std::string& needle, const std::string& replacement) {
    if (needle.empty()) {
        return;
    }
    for (auto at = text.find(needle); at != std::string::npos;
         at = text.find(needle, at + replacement.size())) {
        text.replace(at, needle.size(), replacement);
    }
}

// The standard reason phrase of `status` (HTTP/2 answers carry none, proxies vary), or "".
const char* reason_phrase(int status) {
    switch (status) {
    case 400:
        return "Bad Request";
    case 401:
        return "Unauthorized";
    case 403:
        return "Forbidden";
    case 404:
        return "Not Found";
    case 409:
        return "Conflict";
    case 410:
        return "Gone";
    case 422:
        return "Unprocessable Entity";
    case 429:
        return "Too Many Requests";
    case 500:
        return "Internal Server Error";
    case 502:
        return "Bad Gateway";
    case 503:
        return "Service Unavailable";
    case 504:
        return "Gateway Timeout";
    default:
        return "";
    }
}

} // namespace

std::string url_encode(const std::string& value) {
    static const char* const hex = "0123456789ABCDEF";
    std::string out;
    for (const char raw : value) {
        const auto c = static_cast<unsigned char>(raw);
        if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
            out += static_cast<char>(c);
        } else {
            out += '%';
            out += hex[c >> 4];
            out += hex[c & 0x0F];
        }
    }
    return out;
}

core::Expected<nlohmann::json> parse_json(const std::string& text, const std::string& what) {
    try {
        return nlohmann::json::parse(text);
    } catch (const nlohmann::json::exception& error) {
        return core::make_error(core::ErrorKind::http,
                                "malformed JSON in " + what + ": " + std::string(error.what()));
    }
}

GitHubApi::GitHubApi(GitHubSettings settings, ports::HttpTransport& transport, ports::Clock& clock,
                     RetryLimits limits)
    : m_settings(std::move(settings)), m_transport(transport), m_clock(clock), m_limits(limits),
      m_random(std::random_device{}()) {
    m_settings.api_url = trim_trailing_slashes(m_settings.api_url);
}

std::string GitHubApi::url(const std::string& path, const std::string& query) const {
    return m_settings.api_url + path + (query.empty() ? "" : "?" + query);
}

std::string GitHubApi::repo_path() const {
    return "/repos/" + m_settings.repository;
}

bool GitHubApi::same_origin_as_api(const std::string& url) const {
    const std::string api_origin = origin_of(m_settings.api_url);
    return !api_origin.empty() && origin_of(url) == api_origin;
}

core::Error GitHubApi::fail(core::Error error, const std::string& context) const {
    error = core::with_context(std::move(error), context);
    replace_all(error.message, m_settings.token, "***");
    return error;
}

core::Error GitHubApi::status_error(const ports::HttpResponse& response) const {
    std::string message = std::to_string(response.status);
    if (const std::string reason = reason_phrase(response.status); !reason.empty()) {
        message += " " + reason;
    }
    try {
        const auto body = nlohmann::json::parse(response.body);
        if (body.is_object()) {
            if (const auto found = body.find("message"); found != body.end() && found->is_string()) {
                message += ": " + found->get<std::string>();
            }
            if (const auto errors = body.find("errors");
                errors != body.end() && errors->is_array() && !errors->empty()) {
                const auto& first = errors->front();
                if (first.is_string()) {
                    message += ": " + first.get<std::string>();
                } else if (first.is_object() && first.contains("message") && first["message"].is_string()) {
                    message += ": " + first["message"].get<std::string>();
                } else if (first.is_object() && first.contains("code") && first["code"].is_string()) {
                    message += ": " + first.value("field", std::string("value")) + " " +
                               first["code"].get<std::string>();
                }
            }
        }
    } catch (const nlohmann::json::exception&) {
        // Not JSON (a proxy's HTML page): the status says enough.
    }
    const bool refused = response.status == 401 || response.status == 403;
    core::Error error = core::make_error(refused ? core::ErrorKind::auth : core::ErrorKind::http, message);
    replace_all(error.message, m_settings.token, "***");
    return error;
}

bool GitHubApi::wait_before_resend(int retry, std::chrono::milliseconds& waited) {
    std::uniform_real_distribution<double> unit(0.0, 1.0);
    const auto delay = core::backoff_delay(m_limits.backoff, retry, unit(m_random));
    if (retry >= m_limits.max_retries || waited + delay > m_limits.max_total_wait) {
        return false;
    }
    m_clock.sleep_for(delay);
    waited += delay;
    return true;
}

core::Expected<ports::HttpResponse> GitHubApi::send(const ApiRequest& request) {
    ports::HttpRequest http;
    http.method = request.method;
    http.url = request.url;
    http.response_file = request.response_file;
    http.headers = {{"Accept", "application/vnd.github+json"},
                    {"X-GitHub-Api-Version", "2022-11-28"},
                    {"User-Agent", m_settings.user_agent}};
    if (request.credentials == Credentials::token && !m_settings.token.empty() &&
        same_origin_as_api(request.url)) {
        http.headers.emplace_back("Authorization", "Bearer " + m_settings.token);
    }
    if (!request.body.empty()) {
        http.headers.emplace_back("Content-Type", "application/json; charset=utf-8");
        http.body = request.body;
    }

    std::uniform_real_distribution<double> unit(0.0, 1.0);
    std::chrono::milliseconds waited{0};
    for (int retries = 0;; ++retries) {
        auto response = m_transport.send(http);
        core::GitHubAnswer answer;
        if (response) {
            answer.status = response->status;
            answer.retry_after = response->header("retry-after");
            answer.ratelimit_remaining = response->header("x-ratelimit-remaining");
            answer.ratelimit_reset = response->header("x-ratelimit-reset");
            answer.body = response->body;
        }
        const auto reason = core::classify_github_answer(answer);
        const bool allowed =
            reason == core::RetryReason::rate_limit ||
            (reason == core::RetryReason::server_error && request.replay != Replay::unsafe) ||
            (reason == core::RetryReason::network && request.replay == Replay::safe);
        if (reason == core::RetryReason::none || !allowed) {
            if (!response) {
                core::Error error = response.error();
                replace_all(error.message, m_settings.token, "***");
                return error;
            }
            return response;
        }
        const auto decision =
            core::decide_github_retry(answer, retries, waited, m_limits, m_clock.wall_now(), unit(m_random));
        if (!decision.retry) {
            core::Error error = response ? status_error(*response) : response.error();
            error.kind = decision.kind;
            error.message += " (" + decision.reason_text + ")";
            replace_all(error.message, m_settings.token, "***");
            return error;
        }
        m_clock.sleep_for(decision.delay);
        waited += decision.delay;
    }
}

core::Status
GitHubApi::for_each_page(const std::string& first_url,
                         const std::function<core::Expected<bool>(const nlohmann::json&)>& on_page) {
    static constexpr int max_pages = 100;
    std::string next = first_url;
    for (int page = 1; !next.empty(); ++page) {
        if (page > max_pages) {
            return core::make_error(core::ErrorKind::http,
                                    "more than " + std::to_string(max_pages) + " pages, stopped");
        }
        if (!same_origin_as_api(next)) {
            return core::make_error(core::ErrorKind::http,
                                    "pagination link leaves the API host: " + origin_of(next));
        }
        auto response = send(ApiRequest{"GET", next, "", "", Replay::safe, Credentials::token});
        if (!response) {
            return response.error();
        }
        if (response->status != 200) {
            return status_error(*response);
        }
        auto json = parse_json(response->body, "page " + std::to_string(page));
        if (!json) {
            return json.error();
        }
        auto more = on_page(*json);
        if (!more) {
            return more.error();
        }
        if (!*more) {
            return {};
        }
        next = core::next_page_url(response->header("link"));
    }
    return {};
}

} // namespace autofix::adapters

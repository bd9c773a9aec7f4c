#include "action/result_json.hpp"

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <random>
#include <sstream>

namespace autofix::action {
namespace {

using nlohmann::json;

json nullable(const std::string& text) {
    return text.empty() ? json(nullptr) : json(text);
}

std::string text_or_empty(const json& object, const char* key) {
    const auto found = object.find(key);
    if (found == object.end() || found->is_null()) {
        return {};
    }
    return found->get<std::string>();
}

template <typename T>
std::optional<T> optional_number(const json& object, const char* key) {
    const auto found = object.find(key);
    if (found == object.end() || found->is_null()) {
        return std::nullopt;
    }
    return found->get<T>();
}

std::optional<core::ErrorKind> kind_from_string(const std::string& name) {
    for (int index = 0; index <= static_cast<int>(core::ErrorKind::internal); ++index) {
        const auto kind = static_cast<core::ErrorKind>(index);
        if (name == core::to_string(kind)) {
            return kind;
        }
    }
    return std::nullopt;
}

core::Error invalid(std::string message) {
    return core::make_error(core::ErrorKind::invalid_input, "result JSON: " + std::move(message));
}

} // namespace

std::string to_json_text(const ResultRecord& record) {
    json object;
    object["schema_version"] = record.schema_version;
    object["status"] = record.status == ResultStatus::ok ? "ok" : "error";
    object["case"] = record.case_number ? json(*record.case_number) : json(nullptr);
    object["action_taken"] = nullable(record.action_taken);
    object["branch"] = nullable(record.branch);
    object["fix_branch"] = nullable(record.fix_branch);
    object["fix_id"] = nullable(record.fix_id);
    object["attempt"] = record.attempt ? json(*record.attempt) : json(nullptr);
    object["model"] = nullable(record.model);
    object["commit_sha"] = nullable(record.commit_sha);
    object["pr_url"] = nullable(record.pr_url);
    object["issue_url"] = nullable(record.issue_url);
    object["files_changed"] = record.files_changed;
    object["refused_changes"] = json::array();
    for (const ResultRefusal& refusal : record.refused_changes) {
        object["refused_changes"].push_back({{"attempt", refusal.attempt},
                                             {"path", refusal.path},
                                             {"rule", refusal.rule},
                                             {"reason", refusal.reason}});
    }
    object["usage"] = {{"input_tokens", record.usage.input_tokens},
                       {"output_tokens", record.usage.output_tokens},
                       {"cost_usd", record.usage.cost_usd}};
    object["duration_ms"] = record.duration_ms;
    object["failure_class"] = record.triage ? nullable(record.triage->failure_class) : json(nullptr);
    object["triage"] = record.triage ? json{{"class", record.triage->failure_class},
                                            {"reason", record.triage->reason},
                                            {"evidence", nullable(record.triage->evidence)},
                                            {"decision", record.triage->decision}}
                                     : json(nullptr);
    object["progress_comment"] = record.progress_comment
                                     ? json{{"status", record.progress_comment->status},
                                            {"url", nullable(record.progress_comment->url)},
                                            {"error", nullable(record.progress_comment->error)}}
                                     : json(nullptr);
    object["failure_source"] =
        record.failure_source
            ? json{{"source", record.failure_source->source},
                   {"run_id",
                    record.failure_source->run_id == 0 ? json(nullptr) : json(record.failure_source->run_id)},
                   {"run_url", nullable(record.failure_source->run_url)},
                   {"reason", record.failure_source->reason}}
            : json(nullptr);
    object["comment"] = record.comment ? json{{"command", nullable(record.comment->command)},
                                              {"url", nullable(record.comment->url)},
                                              {"reply_url", nullable(record.comment->reply_url)}}
                                       : json(nullptr);
    if (record.status == ResultStatus::error) {
        const core::Error error = record.error.value_or(core::Error{});
        object["error"] = {{"kind", core::to_string(error.kind)}, {"message", error.message}};
    }
    return object.dump(2, ' ', false, json::error_handler_t::replace) + "\n";
}

core::Expected<ResultRecord> parse_result_json(const std::string& text) {
    try {
        const json object = json::parse(text);
        if (!object.is_object()) {
            return invalid("not an object");
        }
        ResultRecord record;
        record.schema_version = object.at("schema_version").get<int>();
        if (record.schema_version != 1) {
            return invalid("unsupported schema_version " + std::to_string(record.schema_version));
        }
        const auto status = object.at("status").get<std::string>();
        if (status != "ok" && status != "error") {
            return invalid("status must be ok or error, got '" + status + "'");
        }
        record.status = status == "ok" ? ResultStatus::ok : ResultStatus::error;
        record.case_number = optional_number<int>(object, "case");
        record.action_taken = text_or_empty(object, "action_taken");
        record.branch = text_or_empty(object, "branch");
        record.fix_branch = text_or_empty(object, "fix_branch");
        record.fix_id = text_or_empty(object, "fix_id");
        record.attempt = optional_number<int>(object, "attempt");
        record.model = text_or_empty(object, "model");
        record.commit_sha = text_or_empty(object, "commit_sha");
        record.pr_url = text_or_empty(object, "pr_url");
        record.issue_url = text_or_empty(object, "issue_url");
        if (const auto files = object.find("files_changed"); files != object.end() && !files->is_null()) {
            record.files_changed = files->get<std::vector<std::string>>();
        }
        if (const auto refused = object.find("refused_changes");
            refused != object.end() && !refused->is_null()) {
            for (const json& item : refused->get<std::vector<json>>()) {
                record.refused_changes.push_back(
                    {item.at("attempt").get<int>(), item.at("path").get<std::string>(),
                     item.at("rule").get<std::string>(), item.at("reason").get<std::string>()});
            }
        }
        if (const auto usage = object.find("usage"); usage != object.end() && !usage->is_null()) {
            record.usage.input_tokens = optional_number<std::int64_t>(*usage, "input_tokens").value_or(0);
            record.usage.output_tokens = optional_number<std::int64_t>(*usage, "output_tokens").value_or(0);
            record.usage.cost_usd = optional_number<double>(*usage, "cost_usd").value_or(0.0);
        }
        record.duration_ms = optional_number<std::int64_t>(object, "duration_ms").value_or(0);
        if (const auto triage = object.find("triage"); triage != object.end() && !triage->is_null()) {
            record.triage =
                ResultTriage{text_or_empty(*triage, "class"), text_or_empty(*triage, "reason"),
                             text_or_empty(*triage, "evidence"), text_or_empty(*triage, "decision")};
        }
        if (const auto progress = object.find("progress_comment");
            progress != object.end() && !progress->is_null()) {
            record.progress_comment =
                ResultProgressComment{text_or_empty(*progress, "status"), text_or_empty(*progress, "url"),
                                      text_or_empty(*progress, "error")};
        }
        if (const auto source = object.find("failure_source"); source != object.end() && !source->is_null()) {
            record.failure_source =
                ResultFailureSource{text_or_empty(*source, "source"),
                                    optional_number<std::uint64_t>(*source, "run_id").value_or(0),
                                    text_or_empty(*source, "run_url"), text_or_empty(*source, "reason")};
        }
        if (const auto comment = object.find("comment"); comment != object.end() && !comment->is_null()) {
            record.comment = ResultComment{text_or_empty(*comment, "command"), text_or_empty(*comment, "url"),
                                           text_or_empty(*comment, "reply_url")};
        }
        if (const auto error = object.find("error"); error != object.end() && !error->is_null()) {
            const auto kind_name = error->at("kind").get<std::string>();
            const auto kind = kind_from_string(kind_name);
            if (!kind) {
                return invalid("unknown error kind '" + kind_name + "'");
            }
            record.error = core::Error{*kind, error->at("message").get<std::string>()};
        }
        return record;
    } catch (const json::exception& failure) {
        return invalid(failure.what());
    }
}

core::Status write_result_file(const std::string& path, const ResultRecord& record) {
    namespace fs = std::filesystem;
    const fs::path target(path);
    std::error_code code;
    if (target.has_parent_path()) {
        fs::create_directories(target.parent_path(), code);
        if (code) {
            return core::make_error(core::ErrorKind::io,
                                    "writing " + path + ": creating its directory: " + code.message());
        }
    }
    std::random_device device;
    const fs::path temporary = target.string() + ".tmp" + std::to_string(device());
    {
        std::ofstream file(temporary, std::ios::binary | std::ios::trunc);
        file << to_json_text(record);
        file.flush();
        if (!file) {
            fs::remove(temporary, code);
            return core::make_error(core::ErrorKind::io,
                                    "writing " + temporary.string() + ": cannot write the file");
        }
    }
    fs::rename(temporary, target, code);
    if (code) {
        fs::remove(temporary, code);
        return core::make_error(core::ErrorKind::io,
                                "writing " + path + ": renaming the temporary file failed");
    }
    return {};
}

core::Expected<ResultRecord> read_result_file(const std::string& path) {
    std::ifstream file(path, std::ios::binary);
    if (!file.is_open()) {
        return core::make_error(core::ErrorKind::io, "reading " + path + ": cannot open the file");
    }
    std::ostringstream text;
    text << file.rdbuf();
    auto record = parse_result_json(text.str());
    if (!record) {
        return core::with_context(record.error(), path);
    }
    return record;
}

} // namespace autofix::action

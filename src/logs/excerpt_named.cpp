// Which lines naming the top-ranked files the excerpt makes room for (see excerpt_named.hpp).
#include "logs/excerpt_named.hpp"

#include <algorithm>
#include <unordered_map>
#include <unordered_set>

namespace autofix::logs {
namespace {

bool hex_char(char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

// A hash of `text` with number runs folded: "line 12" and "line 345" have the same shape, and so have "at
// 0x7f86a0" and "at 0x7f12b4" (a run of hexadecimal characters holding a digit is a number).
std::uint64_t shape_hash(const std::string& text) {
    std::uint64_t hash = 1469598103934665603ULL;
    auto mix = [&](char c) {
        hash ^= static_cast<unsigned char>(c);
        hash *= 1099511628211ULL;
    };
    for (std::size_t k = 0; k < text.size();) {
        if (!hex_char(text[k])) {
            mix(text[k++]);
            continue;
        }
        std::size_t end = k;
        bool digit = false;
        while (end < text.size() && hex_char(text[end])) {
            digit = digit || (text[end] >= '0' && text[end] <= '9');
            ++end;
        }
        if (digit) {
            mix('#');
        } else {
            for (; k < end; ++k) {
                mix(text[k]);
            }
        }
        k = end;
    }
    return hash;
}

} // namespace

std::vector<NamedLine> select_named_lines(std::vector<NamedLine> lines, std::size_t budget) {
    // Identical texts once (the first), then grouped per file, best rank first.
    std::stable_sort(lines.begin(), lines.end(),
                     [](const NamedLine& a, const NamedLine& b) { return a.number < b.number; });
    std::unordered_set<std::string> texts;
    std::vector<NamedLine> distinct;
    for (auto& line : lines) {
        if (texts.insert(line.text).second) {
            distinct.push_back(std::move(line));
        }
    }
    std::stable_sort(distinct.begin(), distinct.end(),
                     [](const NamedLine& a, const NamedLine& b) { return a.rank < b.rank; });

    // Per file: one line of each shape first (shorter first), then the others (shorter first).
    struct Group {
        std::vector<std::size_t> order; // indices into `distinct`
        std::size_t next = 0;
    };
    std::vector<Group> groups;
    for (std::size_t begin = 0; begin < distinct.size();) {
        std::size_t end = begin;
        while (end < distinct.size() && distinct[end].rank == distinct[begin].rank) {
            ++end;
        }
        // The shortest line of each shape stands for it (the earliest of equals).
        std::unordered_map<std::uint64_t, std::size_t> shortest;
        for (std::size_t k = begin; k < end; ++k) {
            auto [it, inserted] = shortest.emplace(shape_hash(distinct[k].text), k);
            if (!inserted && distinct[k].text.size() < distinct[it->second].text.size()) {
                it->second = k;
            }
        }
        std::vector<std::size_t> fresh;
        std::vector<std::size_t> again;
        for (std::size_t k = begin; k < end; ++k) {
            (shortest.at(shape_hash(distinct[k].text)) == k ? fresh : again).push_back(k);
        }
        auto shorter = [&](std::size_t a, std::size_t b) {
            return distinct[a].text.size() != distinct[b].text.size()
                       ? distinct[a].text.size() < distinct[b].text.size()
                       : distinct[a].number < distinct[b].number;
        };
        std::stable_sort(fresh.begin(), fresh.end(), shorter);
        std::stable_sort(again.begin(), again.end(), shorter);
        Group group;
        group.order = std::move(fresh);
        group.order.insert(group.order.end(), again.begin(), again.end());
        groups.push_back(std::move(group));
        begin = end;
    }

    // The files take turns, each in proportion to its weight (the first file 1, the second 1/2, the third
    // 1/3,
    // ...): the next line comes from the file that has used the least room for its weight. A line that does
    // not fit is passed over.
    std::vector<NamedLine> chosen;
    std::vector<std::size_t> spent(groups.size(), 0);
    std::size_t used = 0;
    for (;;) {
        std::size_t next = groups.size();
        for (std::size_t g = 0; g < groups.size(); ++g) {
            if (groups[g].next >= groups[g].order.size()) {
                continue;
            }
            // spent / weight with weight = 1 / (rank + 1): compare spent * (rank + 1).
            const std::size_t rank = distinct[groups[g].order.front()].rank;
            const std::size_t next_rank =
                next == groups.size() ? 0 : distinct[groups[next].order.front()].rank;
            if (next == groups.size() || spent[g] * (rank + 1) < spent[next] * (next_rank + 1)) {
                next = g;
            }
        }
        if (next == groups.size()) {
            break;
        }
        Group& group = groups[next];
        NamedLine& line = distinct[group.order[group.next++]];
        std::size_t cost = line.text.size() + 1;
        if (used + cost > budget) {
            continue;
        }
        used += cost;
        spent[next] += cost;
        chosen.push_back(std::move(line));
    }
    std::sort(chosen.begin(), chosen.end(),
              [](const NamedLine& a, const NamedLine& b) { return a.number < b.number; });
    return chosen;
}

} // namespace autofix::logs

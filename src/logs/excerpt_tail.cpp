// The excerpt's storage of recent lines: the ring of context before an error and the tail kept for the end
// of the log, both reusing their memory (no allocation per line).
#include "logs/excerpt.hpp"

namespace autofix::logs {

void Excerpter::push_ring(const LineRef& line) {
    const std::size_t capacity = m_options.context_before;
    if (capacity == 0) {
        return;
    }
    if (m_ring.slots.size() < capacity) {
        m_ring.slots.resize(capacity);
    }
    std::size_t slot = (m_ring.head + m_ring.size) % capacity;
    if (m_ring.size == capacity) {
        m_ring.head = (m_ring.head + 1) % capacity; // the oldest line leaves, its slot is reused
    } else {
        ++m_ring.size;
    }
    StoredLine& stored = m_ring.slots[slot];
    stored.number = line.number;
    stored.span = line.span;
    stored.text.assign(line.text);
    stored.redactions = line.redactions;
}

void Excerpter::push_tail(const LineRef& line) {
    // Compaction: once the dead entries and bytes at the front outweigh the live ones, move the live ones
    // down (amortised: each byte moves a bounded number of times).
    if (m_tail_first > 64 && m_tail_first * 2 > m_tail.size()) {
        const std::size_t shift =
            m_tail_first < m_tail.size() ? m_tail[m_tail_first].begin : m_tail_text.size();
        m_tail_text.erase(0, shift);
        m_tail.erase(m_tail.begin(), m_tail.begin() + static_cast<std::ptrdiff_t>(m_tail_first));
        m_tail_first = 0;
        for (auto& entry : m_tail) {
            entry.begin -= shift;
        }
    }
    m_tail.push_back({line.number, line.span, line.redactions, m_tail_text.size(), line.text.size()});
    m_tail_text.append(line.text);
    m_tail_bytes += line.text.size() + 1;
    while (m_tail_bytes > m_budget_bytes && m_tail_first < m_tail.size()) {
        m_tail_bytes -= m_tail[m_tail_first].size + 1;
        ++m_tail_first;
    }
}

std::deque<Excerpter::StoredLine> Excerpter::tail_lines() const {
    std::deque<StoredLine> lines;
    for (std::size_t k = m_tail_first; k < m_tail.size(); ++k) {
        const TailEntry& entry = m_tail[k];
        lines.push_back(
            {entry.number, entry.span, m_tail_text.substr(entry.begin, entry.size), entry.redactions});
    }
    return lines;
}

} // namespace autofix::logs

#pragma once

#include <QString>

#include <utility>
#include <variant>

namespace qd {

// A value or an error, instead of bool + out-parameter.
template <typename T, typename E = QString>
class [[nodiscard]] Result
{
public:
    static Result ok(T value) { return Result(std::in_place_index<0>, std::move(value)); }
    static Result fail(E error) { return Result(std::in_place_index<1>, std::move(error)); }

    bool isOk() const { return m_value.index() == 0; }
    explicit operator bool() const { return isOk(); }

    T &value() & { return std::get<0>(m_value); }
    const T &value() const & { return std::get<0>(m_value); }
    T &&value() && { return std::get<0>(std::move(m_value)); }
    const E &error() const { return std::get<1>(m_value); }

private:
    template <std::size_t I, typename V>
    Result(std::in_place_index_t<I> tag, V &&v) : m_value(tag, std::forward<V>(v)) {}

    std::variant<T, E> m_value;
};

struct Done {};
using Status = Result<Done>;

inline Status success() { return Status::ok(Done{}); }
inline Status failure(QString error) { return Status::fail(std::move(error)); }

} // namespace qd

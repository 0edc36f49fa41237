// grantfolio/boxed.hpp — a value kept behind one pointer, so that what most objects lack costs them
// a pointer, not the value's size.
//
//   grantfolio::boxed<std::string> b;      // empty: reads as std::string{}
//   b.edit() = "set";                       // allocates on first write
//   *b == "set";                            // true; copies copy the value
#pragma once

#include <memory>

namespace grantfolio {

/// A T with value semantics (copies copy it, == compares values) that holds nothing while it is
/// T{}: reading an empty box gives a T{}. For rarely filled parts of objects kept by the million
/// (a transaction's detail).
template <class T>
class boxed {
public:
    boxed() = default;
    boxed(T v) : p_(v == blank() ? nullptr : std::make_unique<T>(std::move(v))) {}  // NOLINT: converts, as T would
    boxed(const boxed& o) : p_(o.p_ ? std::make_unique<T>(*o.p_) : nullptr) {}
    boxed(boxed&&) noexcept = default;
    boxed& operator=(const boxed& o) {
        if (this != &o) p_ = o.p_ ? std::make_unique<T>(*o.p_) : nullptr;
        return *this;
    }
    boxed& operator=(boxed&&) noexcept = default;
    ~boxed() = default;

    const T& operator*() const { return p_ ? *p_ : blank(); }
    const T* operator->() const { return &**this; }
    /// The value, to change (allocated on first use).
    T& edit() {
        if (!p_) p_ = std::make_unique<T>();
        return *p_;
    }
    bool empty() const { return !p_ || *p_ == blank(); }
    friend bool operator==(const boxed& a, const boxed& b) { return *a == *b; }

private:
    static const T& blank() {
        static const T none{};  // immutable: what every empty box reads as
        return none;
    }
    std::unique_ptr<T> p_;
};

}  // namespace grantfolio

// std::unique_ptr, std::make_unique and std::optional, declared only, as a
// system header (as the real ones are): for check tests of guards held on
// the heap and in members.
#pragma once
#pragma GCC system_header

namespace std {
template <class T> class unique_ptr {
public:
  unique_ptr();
  explicit unique_ptr(T *p);
  unique_ptr(unique_ptr &&o);
  unique_ptr &operator=(unique_ptr &&o);
  ~unique_ptr();
  T *operator->() const;
  T &operator*() const;
  T *get() const;
  void reset(T *q = nullptr);
  explicit operator bool() const;
};
template <class T, class... A> unique_ptr<T> make_unique(A &&...a);

template <class T> class optional {
public:
  optional();
  ~optional();
  template <class... A> T &emplace(A &&...a);
  void reset();
  T *operator->();
  explicit operator bool() const;
};
} // namespace std

// With session-type-b.cpp: the same declarations in the same order, one
// named as a session in mock-rules.yaml, one not. Linted in one process, a
// cache keyed by declaration pointers that outlived its translation unit
// could answer for the other file's type.
namespace std {
class thread {
public:
  template <class F> explicit thread(F &&f) {}
  void detach();
};
} // namespace std
namespace db {
class Connection {
public:
  void exec(const char *);
};
} // namespace db
void spawn(db::Connection &c) {
  std::thread t([&c] { c.exec("x"); }); // a session: reported
  t.detach();
}

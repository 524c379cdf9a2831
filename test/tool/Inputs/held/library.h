#pragma once
#include "txn-mock.h"

// A DAO whose batch transaction begins in one method and ends in another
// (library.cpp), and a scanner whose slots drive it (scanner.cpp): the scan
// opens it in onStart, each onTrack event adds to it, onFinish ends it.
class TrackDao {
public:
  explicit TrackDao(db::Session &session) : s(session) {}
  void addPrepare();
  void addFile(net::HttpClient &http);
  void addFinish();

private:
  db::Session &s;
};

class Scanner {
public:
  Scanner(db::Session &s, net::HttpClient &h) : dao(s), http(h) {}
  void onStart(bool empty);
  void onTrack();
  void onFinish();

private:
  TrackDao dao;
  net::HttpClient &http;
};

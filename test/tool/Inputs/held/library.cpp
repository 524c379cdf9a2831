#include "library.h"

void TrackDao::addPrepare() { s.begin(); }
void TrackDao::addFile(net::HttpClient &http) {
  http.get("/tags");
  s.exec("insert into tracks values (1)");
}
void TrackDao::addFinish() { s.commit(); }

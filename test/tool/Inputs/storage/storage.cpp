#include "storage.h"

void Storage::batchStart() { s.begin(); }
void Storage::batchStop() { s.commit(); }
void Storage::save(int id) { s.exec("insert into files values (?)"); }
void Storage::saveAndPublish(int id, net::HttpClient &http) {
  save(id);
  http.post("/hooks/saved", "{}");
}

void commitHanded(db::Transaction &t) { t.commit(); }

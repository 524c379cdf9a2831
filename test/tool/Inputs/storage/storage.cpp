#include "storage.h"

void Storage::batchStart() { s.begin(); }
void Storage::batchStop() { s.commit(); }
void Storage::save(int id) { s.exec("insert into files values (?)"); }

void commitHanded(db::Transaction &t) { t.commit(); }

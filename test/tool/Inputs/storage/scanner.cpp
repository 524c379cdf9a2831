#include "storage.h"

void scan(Storage &st, net::HttpClient &http) {
  st.batchStart();
  st.save(1);
  http.get("/thumbnail");
  st.batchStop();
  http.post("/scanned", "{}");
}

// The storage class's own method reaches the network inside the batch.
void scanAndPublish(Storage &st, net::HttpClient &http) {
  st.batchStart();
  st.saveAndPublish(2, http);
  st.batchStop();
  st.saveAndPublish(3, http);
}

void handOver(db::Connection &c, net::HttpClient &http) {
  db::Transaction t(c);
  c.exec("insert into t values (1)");
  commitHanded(t);
  http.post("/committed", "{}");
}

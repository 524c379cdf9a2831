// Contracts: aggregate a contract and its items from an external API
// (seed 003): every API call first, then one transaction for the unit.
#include "common/infra.h"

namespace app::routers {

static void storeContract(SQLite::Database &db, std::int64_t id,
                          const std::string &header) {
  SQLite::Statement ins(db, "INSERT INTO contracts(id, header) VALUES(?, ?)");
  ins.bind(1, id);
  ins.bind(2, header);
  ins.exec();
}

static void storeItems(SQLite::Database &db, std::int64_t id,
                       const std::string &items) {
  SQLite::Statement ins(db, "INSERT INTO contract_items(contract_id, items) VALUES(?, ?)");
  ins.bind(1, id);
  ins.bind(2, items);
  ins.exec();
}

// Compliant: fetch header and items, then commit both or neither.
void aggregateContract(SQLite::Database &db, net::HttpClient &esi, std::int64_t id) {
  std::string header = esi.get("/contracts/" + std::to_string(id));
  std::string items = esi.get("/contracts/" + std::to_string(id) + "/items");
  SQLite::Transaction tx(db);
  storeContract(db, id, header);
  storeItems(db, id, items);
  tx.commit();
}

// Violating: the items are fetched while the header's transaction is open.
void aggregateContractFetchInside(SQLite::Database &db, net::HttpClient &esi,
                                  std::int64_t id) {
  std::string header = esi.get("/contracts/" + std::to_string(id));
  SQLite::Transaction tx(db);
  storeContract(db, id, header);
  std::string items = esi.get("/contracts/" + std::to_string(id) + "/items"); // expect: txn-side-effect-in-transaction
  storeItems(db, id, items);
  tx.commit();
}

} // namespace app::routers

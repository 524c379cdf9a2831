// RUN: %check_real_txn -rules=%S/../Inputs/qt-streams-rules.yaml %s txn-side-effect-in-transaction %t -- -fPIC -I/usr/include/x86_64-linux-gnu/qt5 -I/usr/include/x86_64-linux-gnu/qt5/QtSql -I/usr/include/x86_64-linux-gnu/qt5/QtCore -I/usr/include/x86_64-linux-gnu/qt5/QtNetwork
// Side effects that depend on the object a method is called on (`over:`),
// against the real Qt 5.15 headers: a reader made over a file reads it as it
// goes (Mixxx's Rhythmbox import parses rhythmdb.xml inside its
// transaction); one made over a string, a buffer or a bundled resource does
// no I/O.
#include <QtCore/QBuffer>
#include <QtCore/QDataStream>
#include <QtCore/QFile>
#include <QtCore/QTextStream>
#include <QtCore/QXmlStreamReader>
#include <QtNetwork/QTcpSocket>
#include <QtSql/QSqlDatabase>

void importFromFile(QSqlDatabase &db, QFile &file) {
  QXmlStreamReader xml(&file);
  db.transaction();
  while (!xml.atEnd()) {
    xml.readNext();
    // CHECK-MESSAGES: :[[@LINE-1]]:9: warning: call to 'QXmlStreamReader::readNext' (file_io) inside an open transaction; move it after commit [txn-side-effect-in-transaction]
  }
  db.commit();
  xml.readNext(); // After commit.
}

void linesFromFile(QSqlDatabase &db) {
  QFile file("/var/lib/app/import.txt");
  QTextStream in(&file);
  db.transaction();
  QString line = in.readLine();
  // CHECK-MESSAGES: :[[@LINE-1]]:21: warning: call to 'QTextStream::readLine' (file_io) inside an open transaction; move it after commit [txn-side-effect-in-transaction]
  db.commit();
}

void framesFromSocket(QSqlDatabase &db, QTcpSocket *socket) {
  QDataStream in(socket);
  qint32 n = 0;
  db.transaction();
  in >> n;
  // CHECK-MESSAGES: :[[@LINE-1]]:6: warning: call to 'QDataStream::operator>>' (network) inside an open transaction; move it after commit [txn-side-effect-in-transaction]
  db.commit();
}

// ---- Compliant: no device, or not a file -----------------------------------
void importFromString(QSqlDatabase &db, const QString &text) {
  QXmlStreamReader xml(text);
  db.transaction();
  while (!xml.atEnd())
    xml.readNext();
  db.commit();
}

void importFromBuffer(QSqlDatabase &db, QBuffer &buffer) {
  QXmlStreamReader xml(&buffer);
  db.transaction();
  xml.readNext();
  db.commit();
}

void schemaFromResource(QSqlDatabase &db) {
  QFile schema(":/schema.sql");
  QTextStream in(&schema);
  db.transaction();
  QString all = in.readAll();
  db.commit();
}

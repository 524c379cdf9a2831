// RUN: %check_real_txn %s txn-side-effect-in-transaction %t -- -I%inputs -fPIC -I/usr/include/x86_64-linux-gnu/qt5 -I/usr/include/x86_64-linux-gnu/qt5/QtCore -I/usr/include/x86_64-linux-gnu/qt5/QtNetwork -I/usr/include/x86_64-linux-gnu/qt5/QtConcurrent
// Network, mail and spawner presets against the real headers of libcurl,
// Boost.Asio/Beast 1.74, POCO Net 1.11 and Qt 5.15 (network, concurrency).
#include "txn-real.h"
#include <boost/asio.hpp>
#include <boost/beast/http.hpp>
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/MailMessage.h>
#include <Poco/Net/SMTPClientSession.h>
#include <QtConcurrent/QtConcurrent>
#include <QtNetwork/QNetworkAccessManager>
#include <QtNetwork/QNetworkRequest>
#include <curl/curl.h>
#include <sys/socket.h>

void curlInside(db::Connection &c, CURL *h) {
  db::Transaction t(c);
  curl_easy_perform(h);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: call to 'curl_easy_perform' (network) inside an open transaction; move it after commit [txn-side-effect-in-transaction]
  t.commit();
  curl_easy_perform(h); // After commit.
}

void asioInside(db::Connection &c, boost::asio::ip::tcp::socket &sock,
                boost::asio::io_context &io) {
  db::Transaction t(c);
  boost::asio::write(sock, boost::asio::buffer("ping", 4));
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: call to 'boost::asio::write' (network) inside an open transaction; move it after commit [txn-side-effect-in-transaction]
  boost::asio::post(io, [] {});
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: background task spawned inside an open transaction; it may run before commit: spawn it after commit [txn-side-effect-in-transaction]
  t.commit();
}

void beastInside(db::Connection &c, boost::asio::ip::tcp::socket &sock) {
  boost::beast::http::request<boost::beast::http::string_body> req;
  db::Transaction t(c);
  boost::beast::http::write(sock, req);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: call to 'boost::beast::http::write' (network) inside an open transaction; move it after commit [txn-side-effect-in-transaction]
  t.commit();
}

void pocoInside(db::Connection &c, Poco::Net::HTTPClientSession &http,
                Poco::Net::SMTPClientSession &smtp,
                Poco::Net::MailMessage &msg) {
  Poco::Net::HTTPRequest req("GET", "/contracts/1");
  db::Transaction t(c);
  http.sendRequest(req);
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: call to 'Poco::Net::HTTPClientSession::sendRequest' (network) inside an open transaction; move it after commit [txn-side-effect-in-transaction]
  smtp.sendMessage(msg);
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: call to 'Poco::Net::SMTPClientSession::sendMessage' (mail) inside an open transaction; move it after commit [txn-side-effect-in-transaction]
  t.commit();
}

void qtInside(db::Connection &c, QNetworkAccessManager &nam) {
  db::Transaction t(c);
  nam.get(QNetworkRequest(QUrl("https://example.com/")));
  // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: call to 'QNetworkAccessManager::get' (network) inside an open transaction; move it after commit [txn-side-effect-in-transaction]
  QtConcurrent::run([] {});
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: background task spawned inside an open transaction; it may run before commit: spawn it after commit [txn-side-effect-in-transaction]
  t.commit();
  nam.get(QNetworkRequest(QUrl("https://example.com/"))); // After commit.
}

void socketInside(db::Connection &c, int fd) {
  db::Transaction t(c);
  ::send(fd, "x", 1, 0);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: call to 'send' (network) inside an open transaction; move it after commit [txn-side-effect-in-transaction]
  t.commit();
}

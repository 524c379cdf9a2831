#include "library.h"

void Scanner::onStart(bool empty) {
  if (empty)
    return;
  dao.addPrepare();
}

void Scanner::onTrack() {
  dao.addFile(http);
}

void Scanner::onFinish() { dao.addFinish(); }

#include "logpanel.h"

#include <QComboBox>
#include <QDesktopServices>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QUrl>
#include <QVBoxLayout>

namespace Atelier {

LogPanel::LogPanel(QWidget* parent) : QWidget(parent) {
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(4, 4, 4, 4);
  auto* bar = new QHBoxLayout;
  mLevel = new QComboBox;
  mLevel->addItem(tr("Everything"), int(LogLevel::Debug));
  mLevel->addItem(tr("Information and up"), int(LogLevel::Info));
  mLevel->addItem(tr("Warnings and errors"), int(LogLevel::Warning));
  mLevel->addItem(tr("Errors only"), int(LogLevel::Error));
  mLevel->setCurrentIndex(1);
  auto* openFile = new QPushButton(tr("Open log file"));
  openFile->setToolTip(tr("The project's atelier.log, with everything shown here."));
  bar->addWidget(new QLabel(tr("Show:")));
  bar->addWidget(mLevel);
  bar->addStretch(1);
  bar->addWidget(openFile);
  mText = new QPlainTextEdit;
  mText->setObjectName(QStringLiteral("logText"));
  mText->setReadOnly(true);
  mText->setMaximumBlockCount(5000);
  mText->setFont(QFont(QStringLiteral("monospace")));
  layout->addLayout(bar);
  layout->addWidget(mText);

  connect(mLevel, &QComboBox::currentIndexChanged, this, &LogPanel::rebuild);
  connect(openFile, &QPushButton::clicked, this, [] {
    const QString file = Logger::instance().logFile();
    if (!file.isEmpty()) QDesktopServices::openUrl(QUrl::fromLocalFile(file));
  });
  connect(&Logger::instance(), &Logger::entryLogged, this, &LogPanel::append, Qt::QueuedConnection);
  rebuild();
}

QString LogPanel::plainText() const { return mText->toPlainText(); }

void LogPanel::append(const LogEntry& entry) {
  if (int(entry.level) < mLevel->currentData().toInt()) return;
  mText->appendPlainText(entry.formatted());
}

void LogPanel::rebuild() {
  mText->clear();
  for (const LogEntry& e : Logger::instance().recentEntries()) append(e);
}

}  // namespace Atelier

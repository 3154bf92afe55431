#pragma once

#include "data/datasetpreview.h"

#include <QWizardPage>

#include <atomic>
#include <memory>

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;
class QSpinBox;
class QTableWidget;
class QTimer;

namespace Atelier {

class ChatBubbleView;
class ImportWizard;

class ImportFilePage : public QWizardPage {
  Q_OBJECT
 public:
  ImportFilePage();
  void setFile(const QString& path);
  void setName(const QString& name);
  bool isComplete() const override;
  bool validatePage() override;

 private:
  ImportWizard* importWizard() const;
  QLineEdit* mPath;
  QLineEdit* mName;
};

// Detected format with its reason, a format override, CSV column roles and
// the first rows as chats, re-read in the background on every change.
class ImportFormatPage : public QWizardPage {
  Q_OBJECT
 public:
  static constexpr int kPreviewRows = 5;
  ImportFormatPage();
  void initializePage() override;
  bool isComplete() const override;
  bool validatePage() override;

  void setFormat(DatasetFormat format);            // Auto = as detected
  void setColumnRole(const QString& column, const QString& field);  // "" = not used
  bool isPreviewing() const { return mBusy; }
  const DatasetPreview& preview() const { return mPreview; }
  QString detectionText() const;
  ChatBubbleView* bubbles() const { return mBubbles; }

 signals:
  void previewReady();

 private:
  ImportWizard* importWizard() const;
  void requestPreview();
  void showPreview();
  void fillMapping();
  QHash<QString, QString> mappingFromTable() const;

  QComboBox* mFormat;
  QLabel* mDetected;
  QLabel* mMappingHint;
  QTableWidget* mMapping;
  ChatBubbleView* mBubbles;
  QLabel* mRejected;
  DatasetPreview mPreview;
  bool mBusy = false;
  bool mFillingMapping = false;
  quint64 mGeneration = 0;
  QString mMappedFile;  // the file the mapping table was filled for
};

// The import itself: progress, cancel (nothing stays), the result.
class ImportRunPage : public QWizardPage {
  Q_OBJECT
 public:
  ImportRunPage();
  void initializePage() override;
  void cleanupPage() override;
  bool isComplete() const override;
  void cancel();
  bool isRunning() const { return mRunning; }

 signals:
  void importFinished(bool ok);

 private:
  ImportWizard* importWizard() const;
  QProgressBar* mProgress;
  QPushButton* mCancel;
  QLabel* mStatus;
  QTimer* mTimer;
  bool mRunning = false;
  std::shared_ptr<std::atomic<bool>> mCancelFlag;
  std::shared_ptr<std::atomic<int>> mPercent;
};

class ImportCleanPage : public QWizardPage {
  Q_OBJECT
 public:
  ImportCleanPage();
  bool isComplete() const override;
  // Reads the switches into options; runs cleaning in the background.
  void runCleaning();
  bool isRunning() const { return mRunning; }
  QString resultText() const;

  QCheckBox* normalize;
  QCheckBox* html;
  QCheckBox* exactDedup;
  QCheckBox* nearDedup;
  QDoubleSpinBox* nearThreshold;
  QComboBox* pii;
  QCheckBox* quality;
  QSpinBox* minChars;
  QSpinBox* maxChars;
  QSpinBox* minTokens;
  QSpinBox* maxTokens;
  QComboBox* tokenModel;
  QLineEdit* blocklist;

 signals:
  void cleaningFinished(bool ok);

 private:
  ImportWizard* importWizard() const;
  void settingsChanged();
  QPushButton* mRun;
  QLabel* mResult;
  ChatBubbleView* mSamples;
  bool mRunning = false;
  bool mStale = true;  // switches changed since the last run
};

class ImportSplitPage : public QWizardPage {
  Q_OBJECT
 public:
  ImportSplitPage();
  QDoubleSpinBox* val;
  QDoubleSpinBox* test;
  QSpinBox* seed;
  bool isComplete() const override;
};

// Splits (in the background) and sums up what was done.
class ImportSummaryPage : public QWizardPage {
  Q_OBJECT
 public:
  ImportSummaryPage();
  void initializePage() override;
  bool isComplete() const override;
  QString summaryText() const;

 signals:
  void splitFinished(bool ok);

 private:
  ImportWizard* importWizard() const;
  QLabel* mSummary;
  bool mDone = false;
};

}  // namespace Atelier

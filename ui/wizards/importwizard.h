#pragma once

#include "data/datasetcleaner.h"
#include "data/datasetimporter.h"
#include "project/project.h"

#include <QWizard>

#include <memory>

namespace Atelier {

class DatabaseQueue;
class ImportFilePage;
class ImportFormatPage;
class ImportRunPage;
class ImportCleanPage;
class ImportSplitPage;
class ImportSummaryPage;

// Turns a file into a clean, split dataset step by step: choose the file →
// check the detected format, map CSV columns and preview the first rows as
// chats → import (background, with progress and cancel) → choose cleaning
// steps and see what they leave out → split → summary. All disk work runs on
// the wizard's queue. Cancelling after the import removes the dataset again,
// so a cancelled wizard leaves no trace.
class ImportWizard : public QWizard {
  Q_OBJECT
 public:
  enum PageId { FilePage, FormatPage, RunPage, CleanPage, SplitPage, SummaryPage };

  explicit ImportWizard(std::shared_ptr<Project> project, QWidget* parent = nullptr);
  ~ImportWizard() override;

  DatabaseQueue* queue() const { return mQueue; }

  // What the pages decided, in order.
  ImportOptions options;       // file, name, format (Auto = detected), CSV mapping
  ImportResult importResult;   // set once the import is done (datasetId != 0)
  CleanResult cleanResult;
  bool cleaned = false;
  SplitResult splitResult;
  bool split = false;

  ImportFilePage* filePage() const { return mFile; }
  ImportFormatPage* formatPage() const { return mFormat; }
  ImportRunPage* runPage() const { return mRun; }
  ImportCleanPage* cleanPage() const { return mClean; }
  ImportSplitPage* splitPage() const { return mSplit; }
  ImportSummaryPage* summaryPage() const { return mSummary; }

  // True once the person cancelled the wizard. An import that finishes after
  // that (it was past its last cancel check) is removed again.
  bool isCancelled() const { return mCancelled; }
  // Queues the removal of the imported dataset, if there is one.
  void removeImported();

 signals:
  // The project's datasets changed (imported, cleaned, split or removed).
  void datasetsChanged();

 public slots:
  void reject() override;

 private:
  DatabaseQueue* mQueue;
  ImportFilePage* mFile;
  ImportFormatPage* mFormat;
  ImportRunPage* mRun;
  ImportCleanPage* mClean;
  ImportSplitPage* mSplit;
  ImportSummaryPage* mSummary;
  bool mCancelled = false;
};

}  // namespace Atelier

#pragma once

#include <QDialog>

class QComboBox;
class QLabel;
class QSpinBox;

namespace Atelier {

// Compute device, CPU threads and UI language.
class SettingsDialog : public QDialog {
  Q_OBJECT
 public:
  SettingsDialog(bool cudaAvailable, QWidget* parent = nullptr);
  // Writes the settings and applies what can be applied at once (threads).
  void save();

 private:
  void updateDeviceNote();
  QComboBox* mDevice;
  QLabel* mDeviceNote;
  QSpinBox* mThreads;
  QComboBox* mLanguage;
  bool mCudaAvailable;
};

}  // namespace Atelier

#include "settingsdialog.h"

#include "application.h"
#include "settings/appsettings.h"
#include "system/systeminfo.h"
#include "system/torchruntime.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QSpinBox>
#include <QVBoxLayout>

namespace Atelier {

SettingsDialog::SettingsDialog(bool cudaAvailable, QWidget* parent)
    : QDialog(parent), mCudaAvailable(cudaAvailable) {
  setWindowTitle(tr("Settings"));
  AppSettings settings;
  auto* form = new QFormLayout;

  mDevice = new QComboBox;
  mDevice->setObjectName(QStringLiteral("deviceCombo"));
  mDevice->addItem(tr("Automatic (GPU when available)"), QStringLiteral("auto"));
  mDevice->addItem(tr("CPU"), QStringLiteral("cpu"));
  mDevice->addItem(tr("NVIDIA GPU (CUDA)"), QStringLiteral("cuda"));
  mDevice->setCurrentIndex(qMax(0, mDevice->findData(settings.computeDevice())));
  mDeviceNote = new QLabel;
  mDeviceNote->setWordWrap(true);
  form->addRow(tr("Compute on:"), mDevice);
  form->addRow(QString(), mDeviceNote);

  mThreads = new QSpinBox;
  mThreads->setObjectName(QStringLiteral("threadsSpin"));
  mThreads->setRange(0, 1024);
  mThreads->setSpecialValueText(tr("All cores (%1)").arg(availableCpuCores()));
  mThreads->setValue(settings.cpuThreads());
  mThreads->setToolTip(tr("How many processor cores training and chat may use. Fewer keeps the "
                          "computer responsive for other work."));
  form->addRow(tr("CPU threads:"), mThreads);

  mLanguage = new QComboBox;
  mLanguage->setObjectName(QStringLiteral("languageCombo"));
  mLanguage->addItem(tr("System language"), QString());
  for (const auto& lang : availableLanguages()) mLanguage->addItem(lang.second, lang.first);
  mLanguage->setCurrentIndex(qMax(0, mLanguage->findData(settings.uiLanguage())));
  form->addRow(tr("Language:"), mLanguage);
  auto* languageNote = new QLabel(tr("A new language shows after Atelier restarts."));
  form->addRow(QString(), languageNote);

  auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel);
  connect(buttons, &QDialogButtonBox::accepted, this, [this] {
    save();
    accept();
  });
  connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
  connect(mDevice, &QComboBox::currentIndexChanged, this, &SettingsDialog::updateDeviceNote);

  auto* layout = new QVBoxLayout(this);
  layout->addLayout(form);
  layout->addWidget(buttons);
  updateDeviceNote();
}

void SettingsDialog::updateDeviceNote() {
  const ResolvedDevice resolved =
      resolveComputeDevice(mDevice->currentData().toString(), mCudaAvailable);
  mDeviceNote->setText(resolved.note.isEmpty()
                           ? tr("Atelier will use: %1").arg(resolved.device == QLatin1String("cuda")
                                                                 ? tr("the NVIDIA GPU")
                                                                 : tr("the CPU"))
                           : resolved.note);
}

void SettingsDialog::save() {
  AppSettings settings;
  settings.setComputeDevice(mDevice->currentData().toString());
  settings.setCpuThreads(mThreads->value());
  settings.setUiLanguage(mLanguage->currentData().toString());
  TorchRuntime::setThreads(mThreads->value());
}

}  // namespace Atelier

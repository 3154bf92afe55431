#include "aboutdialog.h"

#include <QDialogButtonBox>
#include <QLabel>
#include <QLocale>
#include <QVBoxLayout>

namespace Atelier {

AboutDialog::AboutDialog(QWidget* parent) : QDialog(parent) {
  setWindowTitle(tr("About Atelier"));
  auto* layout = new QVBoxLayout(this);
  auto* title = new QLabel(tr("<h2>Atelier</h2><p>Fine-tune an open language model into your own "
                              "assistant, on your own computer. Nothing leaves this machine.</p>"));
  title->setWordWrap(true);
  mDetails = new QLabel(tr("Checking this computer…"));
  mDetails->setObjectName(QStringLiteral("aboutDetails"));
  mDetails->setTextInteractionFlags(Qt::TextSelectableByMouse);
  mDetails->setWordWrap(true);
  auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close);
  connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
  layout->addWidget(title);
  layout->addWidget(mDetails);
  layout->addWidget(buttons);
}

void AboutDialog::setSystemInfo(const SystemInfo& info) {
  const QLocale locale;
  QString gpu;
  if (info.torchCuda) {
    QStringList names;
    for (const ComputeDevice& d : info.devices)
      if (d.type == QLatin1String("cuda"))
        names << QStringLiteral("%1 (%2)").arg(d.name, locale.formattedDataSize(d.memoryBytes));
    gpu = names.join(QStringLiteral(", "));
  } else if (info.cudaDriver.driverLoaded) {
    gpu = tr("an NVIDIA driver is present, but this libtorch was built without CUDA");
  } else {
    gpu = tr("none (%1)").arg(info.cudaDriver.error);
  }
  QString text =
      tr("<table>"
         "<tr><td>Atelier</td><td>%1</td></tr>"
         "<tr><td>Qt</td><td>%2</td></tr>"
         "<tr><td>libtorch</td><td>%3</td></tr>"
         "<tr><td>CUDA GPU</td><td>%4</td></tr>"
         "<tr><td>BLAS</td><td>%5</td></tr>"
         "<tr><td>CPU</td><td>%6, %7 cores, %8 threads in use</td></tr>"
         "<tr><td>Memory</td><td>%9</td></tr>"
         "</table>")
          .arg(info.atelierVersion, info.qtVersion, info.torchVersion, gpu.toHtmlEscaped(),
               (info.blas.name + (info.blas.details.isEmpty() ? QString()
                                                               : QStringLiteral(" — ") + info.blas.details))
                   .toHtmlEscaped(),
               info.cpuName.toHtmlEscaped())
          .arg(info.availableCores)
          .arg(info.cpuThreads)
          .arg(locale.formattedDataSize(info.memoryBytes));
  if (!info.blas.fast)
    text += tr("<p><b>Training will be slow:</b> the basic BLAS library is in use. Install the "
               "package libopenblas0-openmp.</p>");
  if (!info.sentencepieceOk)
    text += tr("<p><b>Problem:</b> %1</p>").arg(info.sentencepiece.toHtmlEscaped());
  mDetails->setText(text);
}

QString AboutDialog::detailsText() const { return mDetails->text(); }

}  // namespace Atelier

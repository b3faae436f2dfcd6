// Reads the code of a compiled Hexagon object back with LLVM's disassembler:
// whether the kernel uses HVX floating point decides if it can run on an
// emulator without it (TargetRun.cpp). The disassembler returns whole
// packets; their printed form names each vector operand's element type.
#include "HexagonObject.h"

#include "llvm/MC/MCAsmInfo.h"
#include "llvm/MC/MCContext.h"
#include "llvm/MC/MCDisassembler/MCDisassembler.h"
#include "llvm/MC/MCInst.h"
#include "llvm/MC/MCInstPrinter.h"
#include "llvm/MC/MCInstrInfo.h"
#include "llvm/MC/MCRegisterInfo.h"
#include "llvm/MC/MCSubtargetInfo.h"
#include "llvm/MC/MCTargetOptions.h"
#include "llvm/MC/TargetRegistry.h"
#include "llvm/Object/ObjectFile.h"
#include "llvm/Support/Regex.h"
#include "llvm/Support/TargetSelect.h"
#include "llvm/Support/raw_ostream.h"

namespace te {

llvm::Expected<HvxFloatUse> scanHvxFloat(const std::string &path,
                                         const mlir::triton_edge::TargetDescription &target) {
  llvm::InitializeAllTargetInfos();
  llvm::InitializeAllTargetMCs();
  llvm::InitializeAllDisassemblers();
  auto fail = [&](const llvm::Twine &what) {
    return llvm::createStringError("cannot read the Hexagon code of " + path + ": " + what);
  };
  auto binary = llvm::object::ObjectFile::createObjectFile(path);
  if (!binary)
    return fail(llvm::toString(binary.takeError()));
  llvm::object::ObjectFile &object = *binary->getBinary();

  std::string error;
  llvm::Triple triple(target.triple);
  const llvm::Target *t = llvm::TargetRegistry::lookupTarget(triple, error);
  if (!t)
    return fail(error);
  std::unique_ptr<llvm::MCRegisterInfo> mri(t->createMCRegInfo(triple));
  llvm::MCTargetOptions options;
  std::unique_ptr<llvm::MCAsmInfo> mai(t->createMCAsmInfo(*mri, triple, options));
  std::unique_ptr<llvm::MCSubtargetInfo> sti(
      t->createMCSubtargetInfo(triple, target.cpu, target.features));
  std::unique_ptr<llvm::MCInstrInfo> mii(t->createMCInstrInfo());
  if (!mri || !mai || !sti || !mii)
    return fail("no MC layer for " + target.triple);
  llvm::MCContext context(triple, mai.get(), mri.get(), sti.get());
  std::unique_ptr<llvm::MCDisassembler> disassembler(t->createMCDisassembler(*sti, context));
  std::unique_ptr<llvm::MCInstPrinter> printer(
      t->createMCInstPrinter(triple, mai->getAssemblerDialect(), *mai, *mii, *mri));
  if (!disassembler || !printer)
    return fail("no disassembler for " + target.triple);

  llvm::Regex hvxFloat("v[0-9]+(:[0-9]+)?\\.(sf|hf|bf|qf16|qf32)([^0-9a-z_]|$)");
  HvxFloatUse use;
  for (const llvm::object::SectionRef &section : object.sections()) {
    if (!section.isText())
      continue;
    auto contents = section.getContents();
    if (!contents)
      return fail(llvm::toString(contents.takeError()));
    llvm::ArrayRef<uint8_t> bytes(reinterpret_cast<const uint8_t *>(contents->data()),
                                  contents->size());
    uint64_t address = section.getAddress();
    for (uint64_t at = 0; at < bytes.size();) {
      llvm::MCInst packet;
      uint64_t size = 0;
      auto status = disassembler->getInstruction(packet, size, bytes.slice(at), address + at,
                                                 llvm::nulls());
      if (status != llvm::MCDisassembler::Success || size == 0) {
        at += 4; // data in the code section, or padding
        continue;
      }
      ++use.totalPackets;
      std::string text;
      llvm::raw_string_ostream os(text);
      printer->printInst(&packet, address + at, "", *sti, os);
      if (hvxFloat.match(text)) {
        if (use.packets++ == 0)
          use.example = llvm::StringRef(text).trim().str();
      }
      at += size;
    }
  }
  return use;
}

} // namespace te

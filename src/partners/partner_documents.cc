#include "accounts/crypto.h"
#include "base/strings.h"
#include "partners/partner_internal.h"

namespace jjm {

StatusOr<std::vector<NewDocument>> ReadDocuments(const Json& j,
                                                 const std::string& prefix,
                                                 const char* key,
                                                 const PartnerOptions& opt) {
  JJM_ASSIGN_OR_RETURN(const Json* a,
                       ArrayField(j, prefix, key, false, 0,
                                  static_cast<size_t>(opt.max_documents)));
  std::vector<NewDocument> out;
  size_t total = 0;
  for (size_t i = 0; i < a->size(); ++i) {
    const std::string p = ItemPath(prefix, key, i);
    const Json& d = (*a)[i];
    JJM_RETURN_IF_ERROR(
        CheckFields(d, p, {"name", "content_type", "data_base64"}));
    NewDocument doc;
    JJM_ASSIGN_OR_RETURN(doc.name, TextField(d, p, "name", true, 1, 200));
    JJM_ASSIGN_OR_RETURN(doc.content_type,
                         TextField(d, p, "content_type", true, 1, 100));
    JJM_ASSIGN_OR_RETURN(std::string b64,
                         TextField(d, p, "data_base64", true, 1, 16 << 20));
    auto bytes = DecodeBase64(b64);
    if (!bytes.ok()) {
      return InvalidArgument(p + ".data_base64 is not base64",
                             p + ".data_base64");
    }
    doc.bytes = std::move(*bytes);
    if (doc.bytes.empty()) {
      return InvalidArgument(p + " is an empty file", p + ".data_base64");
    }
    if (doc.bytes.size() > opt.max_document_bytes) {
      return Status(StatusCode::kPayloadTooLarge,
                    p + " (" + doc.name + ") is " +
                        std::to_string(doc.bytes.size()) +
                        " bytes; files may have up to " +
                        std::to_string(opt.max_document_bytes),
                    p + ".data_base64");
    }
    const std::string& b = doc.bytes;
    const bool pdf = b.rfind("%PDF-", 0) == 0;
    const bool png = b.rfind("\x89PNG\r\n\x1a\n", 0) == 0;
    const bool jpeg = b.rfind("\xFF\xD8\xFF", 0) == 0;
    const std::string& t = doc.content_type;
    if (t != "application/pdf" && t != "image/png" && t != "image/jpeg") {
      return InvalidArgument(p + ".content_type must be application/pdf, "
                                 "image/png or image/jpeg",
                             p + ".content_type");
    }
    if ((t == "application/pdf" && !pdf) || (t == "image/png" && !png) ||
        (t == "image/jpeg" && !jpeg)) {
      return InvalidArgument(p + " (" + doc.name + ") is not a " + t +
                                 " file: its content does not match",
                             p + ".data_base64");
    }
    doc.sha256 = Sha256Hex(doc.bytes);
    total += doc.bytes.size();
    if (total > opt.max_total_bytes) {
      return Status(StatusCode::kPayloadTooLarge,
                    "the files together have more than " +
                        std::to_string(opt.max_total_bytes) +
                        " bytes; send the rest in another save",
                    p + ".data_base64");
    }
    out.push_back(std::move(doc));
  }
  return out;
}

Status PartnerService::Impl::StoreDocuments(
    const std::vector<NewDocument>& docs, const std::string& owner,
    const std::string& now, const std::string& by, Json* listed) {
  for (const NewDocument& d : docs) {
    DocumentRow row;
    row.owner = owner;
    row.name = d.name;
    row.content_type = d.content_type;
    row.size = static_cast<int64_t>(d.bytes.size());
    row.sha256 = d.sha256;
    row.data_base64 = EncodeBase64(d.bytes);
    row.uploaded_at = now;
    row.uploaded_by = by;
    JJM_ASSIGN_OR_RETURN(int64_t id, writer().AddDocument(row));
    if (listed != nullptr) {
      listed->push_back({{"id", id},
                         {"name", d.name},
                         {"content_type", d.content_type},
                         {"size", d.bytes.size()}});
    }
  }
  return Status::Ok();
}

StatusOr<StoredDocument> PartnerService::GetDocument(const Caller& c,
                                                     int64_t id) {
  JJM_RETURN_IF_ERROR(Impl::SignedIn(c));
  std::optional<DocumentRow> stored;
  {
    JJM_ASSIGN_OR_RETURN(auto reading, impl_->Read());
    JJM_ASSIGN_OR_RETURN(stored, reading.store().GetDocument(id));
  }
  if (!stored) return NotFound("no document " + std::to_string(id));
  const std::string& owner = stored->owner;
  StoredDocument d;
  d.name = stored->name;
  d.content_type = stored->content_type;
  // Application documents: the mission.  Others: the mission and the
  // partner that uploaded them ("progress:<partner>:<id>").
  const size_t colon = owner.find(':');
  const std::string kind = owner.substr(0, colon);
  if (kind == "application") {
    JJM_RETURN_IF_ERROR(Impl::NeedNational(c));
  } else if (kind == "knowledge") {
    // Knowledge is shared with every signed-in user, evidence too.
  } else {
    const int64_t partner =
        ParseInt(std::string_view(owner).substr(colon + 1)).value_or(0);
    JJM_RETURN_IF_ERROR(Impl::MayRead(c, partner));
  }
  JJM_ASSIGN_OR_RETURN(d.data, DecodeBase64(stored->data_base64));
  return d;
}

}  // namespace jjm

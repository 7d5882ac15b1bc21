package gazette

// Classification marks (độ mật) of state secrets, as Luật Bảo vệ bí mật
// nhà nước 29/2018/QH14 Điều 8 grades them and Nghị định 30/2020/NĐ-CP
// places them (box 10a, under the number): a document so marked is never
// published. Urgency marks (độ khẩn, box 10b) are metadata only.
const (
	MarkSecret    = "MẬT"
	MarkTopSecret = "TỐI MẬT"
	MarkUltimate  = "TUYỆT MẬT"
)

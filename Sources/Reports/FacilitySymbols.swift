import MapRender
import Store

/// One symbol per facility kind: shape and colour both differ, from the
/// Okabe-Ito palette, so kinds stay apart for colour-blind readers and in grey.
enum FacilitySymbols {
    static func style(_ kind: FacilityKind) -> MarkerStyle {
        switch kind {
        case .crisisStabilization: MarkerStyle(shape: .square, fill: RGBA(hex: 0xD55E00))
        case .behavioralHealthUrgentCare: MarkerStyle(shape: .diamond, fill: RGBA(hex: 0xE69F00))
        case .crisisResidential: MarkerStyle(shape: .triangle, fill: RGBA(hex: 0xCC79A7))
        case .emergencyDepartment: MarkerStyle(shape: .cross, fill: RGBA(hex: 0x0072B2))
        case .detox: MarkerStyle(shape: .circle, fill: RGBA(hex: 0x009E73))
        case .soberingCenter: MarkerStyle(shape: .circle, fill: RGBA(hex: 0x56B4E9))
        case .outpatient: MarkerStyle(shape: .circle, fill: RGBA(hex: 0xF0E442))
        case .shelter: MarkerStyle(shape: .invertedTriangle, fill: RGBA(hex: 0x999999))
        case .peerRespite: MarkerStyle(shape: .diamond, fill: RGBA(hex: 0x000000))
        }
    }

    static func label(_ kind: FacilityKind) -> String {
        switch kind {
        case .crisisStabilization: "Crisis stabilization"
        case .behavioralHealthUrgentCare: "Behavioral health urgent care"
        case .crisisResidential: "Crisis residential"
        case .emergencyDepartment: "Emergency department"
        case .detox: "Withdrawal management (detox)"
        case .soberingCenter: "Sobering center"
        case .outpatient: "Outpatient"
        case .shelter: "Shelter"
        case .peerRespite: "Peer respite"
        }
    }
}

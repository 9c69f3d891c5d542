extension ConsoleAssets {
    static let faviconSVG = ConsoleAsset("favicon.svg", #"""
<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="6" fill="#14213d"/><path d="M7 15 16 8l9 7v10H7z" fill="none" stroke="#fff" stroke-width="2.2" stroke-linejoin="round"/><rect x="13.5" y="18" width="5" height="7" fill="#3ccf6e"/></svg>
"""#)
}

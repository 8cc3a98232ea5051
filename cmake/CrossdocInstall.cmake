# Install rules: headers, the library, a CMake package config and a pkg-config file.
include(CMakePackageConfigHelpers)
set(CROSSDOC_CMAKE_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/crossdoc)

install(DIRECTORY ${PROJECT_SOURCE_DIR}/include/crossdoc DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(TARGETS crossdoc EXPORT crossdocTargets
        ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
        LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
        RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(EXPORT crossdocTargets NAMESPACE crossdoc:: DESTINATION ${CROSSDOC_CMAKE_DIR})

configure_package_config_file(${PROJECT_SOURCE_DIR}/cmake/crossdocConfig.cmake.in
  ${PROJECT_BINARY_DIR}/crossdocConfig.cmake INSTALL_DESTINATION ${CROSSDOC_CMAKE_DIR})
write_basic_package_version_file(${PROJECT_BINARY_DIR}/crossdocConfigVersion.cmake
  COMPATIBILITY SameMinorVersion)
install(FILES ${PROJECT_BINARY_DIR}/crossdocConfig.cmake ${PROJECT_BINARY_DIR}/crossdocConfigVersion.cmake
        DESTINATION ${CROSSDOC_CMAKE_DIR})

configure_file(${PROJECT_SOURCE_DIR}/cmake/crossdoc.pc.in ${PROJECT_BINARY_DIR}/crossdoc.pc @ONLY)
install(FILES ${PROJECT_BINARY_DIR}/crossdoc.pc DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)

#include <grantfolio/grantfolio.hpp>

#include <iostream>

int main() {
    const grantfolio::program& caaht = grantfolio::datasets::caaht_2006();
    std::cout << caaht.grants().size() << " grants\n";
    return caaht.grants().size() == 24 ? 0 : 1;
}
